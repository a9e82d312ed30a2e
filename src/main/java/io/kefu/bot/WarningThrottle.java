package io.kefu.bot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a stream of like events into at most one log line per interval that says how many there were, so a
 * saturated node does not also flood its log. Thread-safe without locks; the caller writes the line.
 */
public final class WarningThrottle {
  private final long intervalMillis;
  private final AtomicLong nextAt = new AtomicLong();
  private final AtomicLong unreported = new AtomicLong();

  public WarningThrottle(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /**
   * Counts one event at {@code nowMillis}; returns how many to report (this one included) when a line is due,
   * else 0.
   */
  public long count(long nowMillis) {
    unreported.incrementAndGet();
    long due = nextAt.get();
    if (nowMillis >= due && nextAt.compareAndSet(due, nowMillis + intervalMillis)) {
      return unreported.getAndSet(0);
    }
    return 0;
  }
}
