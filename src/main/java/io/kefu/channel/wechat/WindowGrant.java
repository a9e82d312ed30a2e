package io.kefu.channel.wechat;

import java.time.Instant;

/**
 * One message slot reserved in a customer-service window. Give it back with
 * {@link WindowLedger#release(WindowGrant)} when WeChat surely did not deliver the message.
 *
 * @param accountId Kefu's account id
 * @param openId    the user
 * @param windowId  identifies the window the slot belongs to (a renewed window has a new id)
 * @param used      messages reserved in this window including this one
 * @param quota     messages the window allows
 * @param expiresAt when the window closes
 */
public record WindowGrant(String accountId, String openId, String windowId, int used, int quota,
    Instant expiresAt) {

  /** Messages left in the window after this one. */
  public int remaining() {
    return Math.max(0, quota - used);
  }
}
