package io.kefu.channel.wechat;

import java.time.Instant;

/**
 * The customer-service window of one user as the ledger sees it.
 *
 * @param open           true when a send could be reserved now (not expired, not closed by WeChat)
 * @param trigger        what opened the window; null when there never was one (or its key expired)
 * @param quota          messages the window allows
 * @param used           messages reserved so far
 * @param openedAt       when it was opened; null when there is none
 * @param expiresAt      when it closes; null when there is none
 * @param closedByWeChat true when WeChat answered 45015 for it
 */
public record WindowStatus(boolean open, WindowTrigger trigger, int quota, int used, Instant openedAt,
    Instant expiresAt, boolean closedByWeChat) {

  /** No window known for this user. */
  public static WindowStatus none() {
    return new WindowStatus(false, null, 0, 0, null, null, false);
  }

  /** Messages that can still be sent now; 0 when the window is not open. */
  public int remaining() {
    return open ? Math.max(0, quota - used) : 0;
  }
}
