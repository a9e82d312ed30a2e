package io.kefu.load;

import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;

/** Pushes to {@code /wechat/{account}} signed and AES-encrypted as WeChat does in safe mode (through {@link WeChatPeer}). */
public final class WeChatTarget implements CallbackTarget {
  private final WeChatAccount account;
  private final WeChatPeer peer;
  private final String originalId;
  private final String userPrefix;

  public WeChatTarget(WeChatAccount account, String originalId, String userPrefix) {
    this.account = account;
    this.peer = new WeChatPeer(account);
    this.originalId = originalId;
    this.userPrefix = userPrefix;
  }

  @Override
  public Push push(String user, String text, long msgId) {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push p = peer.push(WeChatPeer.textXml(originalId, user, now, text, msgId), user,
        WeChatAccount.MessageMode.SAFE, now);
    return new Push("/wechat/" + account.id() + "?" + p.query(), p.body());
  }

  @Override
  public Answer open(String body) {
    return Answer.of(peer.openReply(body));
  }

  @Override
  public String user(long n) {
    // 28 characters like a real OpenID
    return userPrefix + String.format("%0" + Math.max(1, 28 - userPrefix.length()) + "d", n);
  }
}
