package io.kefu.routing;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Expected waits for queued chats. The servers are the chat slots of the online agents with the skill; while all
 * are busy they free up at {@code servers / handleSeconds} per second on average, so the chat at position k, with f
 * slots free, waits about {@code (k - f) * handleSeconds / servers}.
 */
public final class WaitEstimator {

  /** Returned by {@link #expectedWaitForNewArrival} when the queue grows without bound (too few servers). */
  public static final Duration UNBOUNDED = ChronoUnit.FOREVER.getDuration();

  /**
   * @param position          1-based place in the queue
   * @param servers           chat slots of online agents with the skill
   * @param busy              of those, the slots in use; more than {@code servers} (an agent who lowered capacity
   *                          while chatting) counts as all busy
   * @param arrivalsPerSecond arrival rate of the skill, for the probability of waiting
   * @param handleSeconds     mean handle time of one chat
   */
  public WaitEstimate estimate(int position, int servers, int busy, double arrivalsPerSecond, double handleSeconds) {
    if (position < 1) {
      throw new IllegalArgumentException("queue position is 1-based, got " + position);
    }
    if (servers < 0 || busy < 0) {
      throw new IllegalArgumentException("servers and busy must be >= 0, got " + servers + " and " + busy);
    }
    ErlangC.requireRates(arrivalsPerSecond, handleSeconds);
    if (servers == 0) {
      return WaitEstimate.unknown(position);
    }
    double pw = ErlangC.probabilityOfWaiting(arrivalsPerSecond * handleSeconds, servers);
    int free = Math.max(0, servers - busy);
    if (position <= free) {
      return new WaitEstimate(position, Duration.ZERO, pw);
    }
    double seconds = (double) (position - free) * handleSeconds / servers;
    return new WaitEstimate(position, Duration.ofMillis(Math.round(seconds * 1000)), pw);
  }

  /**
   * Erlang C average speed of answer for a chat arriving now; {@link #UNBOUNDED} when the servers cannot keep up
   * (including no servers).
   */
  public Duration expectedWaitForNewArrival(int servers, double arrivalsPerSecond, double handleSeconds) {
    double seconds = ErlangC.averageSpeedOfAnswer(arrivalsPerSecond, handleSeconds, servers);
    if (Double.isInfinite(seconds) || servers == 0) {
      return UNBOUNDED;
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
