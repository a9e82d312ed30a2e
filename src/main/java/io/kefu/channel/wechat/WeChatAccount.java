package io.kefu.channel.wechat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Official Account as configured in {@code accounts.<id>}.
 *
 * @param id             Kefu's name for the account, the {@code {account}} in {@code /wechat/{account}}
 * @param appId          the {@code wx…} AppID, also the receive id inside every ciphertext
 * @param token          the shared signature token (3–32 chars)
 * @param encodingAesKey 43-char Base64 AES key, or null in plaintext mode
 * @param secret         AppSecret for the outbound API (access_token)
 * @param mode           which callback modes the account accepts
 * @param stableToken    true to fetch tokens from {@code /cgi-bin/stable_token}, false for {@code /cgi-bin/token}
 */
public record WeChatAccount(
    String id,
    String appId,
    String token,
    String encodingAesKey,
    String secret,
    MessageMode mode,
    boolean stableToken) implements TokenOwner {

  @Override
  public String tokenKey() {
    return appId;
  }

  @Override
  public TokenRequest tokenRequest(boolean forceRefresh) {
    if (stableToken) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("grant_type", "client_credential");
      body.put("appid", appId);
      body.put("secret", secret);
      body.put("force_refresh", forceRefresh);
      return new TokenRequest("stable_token", "/cgi-bin/stable_token", Map.of(), body);
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("grant_type", "client_credential");
    query.put("appid", appId);
    query.put("secret", secret);
    return new TokenRequest("token", "/cgi-bin/token", query, null);
  }

  /** The MP "消息加解密方式" setting. */
  public enum MessageMode {
    PLAINTEXT, COMPATIBLE, SAFE;

    public boolean acceptsPlaintext() {
      return this != SAFE;
    }

    public boolean acceptsEncrypted() {
      return this != PLAINTEXT;
    }
  }
}
