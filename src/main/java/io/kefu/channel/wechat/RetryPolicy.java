package io.kefu.channel.wechat;

import java.time.Duration;
import java.util.Optional;

/**
 * Which failed WeChat calls may be repeated, and how long to wait first. Pure: no I/O, no clock.
 *
 * <p>A non-idempotent call (custom/send) is repeated only when WeChat surely did not act on it:
 * {@code errcode -1} (system busy) or a transport failure before the request left this node. A
 * timeout after writing, an HTTP 5xx or an unreadable answer may hide a delivered message, so it
 * is never repeated. Idempotent calls (the token endpoints) may also be repeated after any
 * transport failure.
 *
 * @param maxAttempts    total attempts including the first, at least 1
 * @param initialBackoff wait before the second attempt
 * @param multiplier     growth of the wait per further attempt, at least 1
 * @param maxBackoff     upper bound of one wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
  }

  /** 3 attempts, waiting 200 ms then 400 ms. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));
  }

  /** Never repeat anything. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** True when repeating a call that failed this way cannot cause a duplicate effect at WeChat. */
  public boolean isRetryable(Throwable failure, boolean idempotent) {
    if (!(failure instanceof WeChatApiException e)) {
      return false;
    }
    return switch (e.kind()) {
      case SYSTEM_BUSY -> true;
      case TRANSPORT -> idempotent || !e.mayHaveBeenDelivered();
      default -> false;
    };
  }

  /** Wait before attempt number {@code attemptsMade + 1}, for {@code attemptsMade >= 1}. */
  public Duration backoff(int attemptsMade) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(Math.round(millis));
  }

  /**
   * The wait before repeating a call that has been tried {@code attemptsMade} times and failed with
   * {@code failure}; empty when it must not be repeated.
   */
  public Optional<Duration> nextDelay(int attemptsMade, Throwable failure, boolean idempotent) {
    if (attemptsMade >= maxAttempts || !isRetryable(failure, idempotent)) {
      return Optional.empty();
    }
    return Optional.of(backoff(attemptsMade));
  }
}
