package io.kefu.channel.wecom;

/**
 * A WeCom self-built app (自建应用) as configured in {@code wecom.apps.<id>}.
 *
 * @param id             Kefu's name for the app, the {@code {app}} in {@code /wecom/{app}}
 * @param corpId         the CorpID ({@code ww…}), also the receive id inside every ciphertext
 * @param agentId        the app's AgentId, for {@code message/send}
 * @param token          Token of the app's 接收消息 API setting
 * @param encodingAesKey the 43-character EncodingAESKey of that setting
 * @param secret         the app's Secret (access tokens per CorpID and secret)
 * @param json           true when the app's callbacks may come in the JSON variant
 */
public record WeComApp(String id, String corpId, int agentId, String token, String encodingAesKey, String secret,
                       boolean json) {

  public WeComCredentials credentials() {
    return new WeComCredentials(corpId, secret);
  }

  @Override
  public String toString() {
    return "WeComApp[" + id + ", " + corpId + ", agent " + agentId + "]";
  }
}
