package io.kefu.channel.wechat;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AccessTokens} caches and refreshes tokens.
 *
 * @param refreshMargin  a token is refreshed this long before it expires
 * @param lockTtl        lease of the cluster-wide refresh lock (longer than a fetch with retries)
 * @param lockRetryDelay how long a node that did not get the lock waits before re-reading Redis
 * @param lockAttempts   how often it re-reads before giving up
 * @param fetchRetry     retries of the token endpoint itself (idempotent, so transport errors too)
 */
public record AccessTokenConfig(Duration refreshMargin, Duration lockTtl, Duration lockRetryDelay,
    int lockAttempts, RetryPolicy fetchRetry) {

  public AccessTokenConfig {
    Objects.requireNonNull(refreshMargin, "refreshMargin");
    Objects.requireNonNull(lockTtl, "lockTtl");
    Objects.requireNonNull(lockRetryDelay, "lockRetryDelay");
    Objects.requireNonNull(fetchRetry, "fetchRetry");
    if (refreshMargin.isNegative() || lockTtl.toMillis() < 1 || lockRetryDelay.toMillis() < 1 || lockAttempts < 1) {
      throw new IllegalArgumentException("invalid access token config: " + refreshMargin + ", "
          + lockTtl + ", " + lockRetryDelay + ", " + lockAttempts);
    }
  }

  /** Refresh 5 min early; 30 s lock lease; wait up to 50 × 200 ms for another node's refresh. */
  public static AccessTokenConfig defaults() {
    // the waiting node polls a little longer than the lock lives: a node killed while it held the lock (mid-fetch)
    // then delays the others' calls until the lock expires instead of failing them after 10 s
    return new AccessTokenConfig(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMillis(200), 160,
        RetryPolicy.defaults());
  }
}
