package io.kefu.routing;

import java.time.Duration;

/**
 * How long a queued chat can expect to wait.
 *
 * @param position             1-based place in the queue
 * @param expectedWait         expected wait, or null when it cannot be estimated (no agent online for the skill)
 * @param probabilityOfWaiting Erlang C probability that a new arrival waits at all (1.0 when unknown)
 */
public record WaitEstimate(int position, Duration expectedWait, double probabilityOfWaiting) {

  public WaitEstimate {
    if (position < 1) {
      throw new IllegalArgumentException("queue position is 1-based, got " + position);
    }
    if (expectedWait != null && expectedWait.isNegative()) {
      throw new IllegalArgumentException("expectedWait must not be negative, got " + expectedWait);
    }
    if (!(probabilityOfWaiting >= 0 && probabilityOfWaiting <= 1)) {
      throw new IllegalArgumentException("probabilityOfWaiting must be in [0, 1], got " + probabilityOfWaiting);
    }
  }

  /** No estimate possible, e.g. nobody with the skill is online. */
  public static WaitEstimate unknown(int position) {
    return new WaitEstimate(position, null, 1.0);
  }

  public boolean known() {
    return expectedWait != null;
  }

  /** Customers ahead of this one. */
  public int ahead() {
    return position - 1;
  }
}
