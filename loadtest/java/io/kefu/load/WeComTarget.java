package io.kefu.load;

import io.kefu.channel.wecom.WeComApp;
import io.kefu.channel.wecom.WeComPeer;

/**
 * Pushes to {@code /wecom/{app}} as WeCom's servers call a self-built app: a member's text message, AES-encrypted
 * with the app's key and signed with {@code msg_signature} (through {@link WeComPeer}); answers are encrypted passive
 * replies or an empty body (the answer then goes out through {@code message/send}).
 */
public final class WeComTarget implements CallbackTarget {
  private final WeComApp app;
  private final WeComPeer peer;
  private final String userPrefix;

  public WeComTarget(WeComApp app, String userPrefix) {
    this.app = app;
    this.peer = new WeComPeer(app);
    this.userPrefix = userPrefix;
  }

  @Override
  public Push push(String user, String text, long msgId) {
    long now = System.currentTimeMillis() / 1000;
    WeComPeer.Push p = peer.push(WeComPeer.textXml(app.corpId(), user, now, text, msgId, app.agentId()), now);
    return new Push("/wecom/" + app.id() + "?" + p.query(), p.body());
  }

  @Override
  public Answer open(String body) {
    return Answer.of(peer.openReply(body));
  }

  @Override
  public String user(long n) {
    // WeCom member ids are the corp's own account names
    return userPrefix + n;
  }
}
