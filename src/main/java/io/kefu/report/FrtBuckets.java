package io.kefu.report;

import java.time.Duration;
import java.util.List;

/**
 * The first-response-time bins of the dashboard chart: up to 30 s, 60 s, 120 s, 180 s, 240 s, 300 s (the standard
 * SLA), 600 s, and over 600 s. The same bounds as the {@code kefu_frt_seconds} histogram.
 */
public final class FrtBuckets {
  /** Upper bounds in seconds, inclusive; one more bin holds everything above the last. */
  public static final List<Integer> BOUNDS_SECONDS = List.of(30, 60, 120, 180, 240, 300, 600);
  /** Number of bins: the bounds plus "over 600 s". */
  public static final int COUNT = BOUNDS_SECONDS.size() + 1;

  private FrtBuckets() {
  }

  /** The bin of a first response time: 0 for ≤ 30 s … {@code COUNT - 1} for over 600 s. */
  public static int index(Duration frt) {
    if (frt.isNegative()) {
      return 0;
    }
    long millis = frt.toMillis();
    for (int i = 0; i < BOUNDS_SECONDS.size(); i++) {
      if (millis <= BOUNDS_SECONDS.get(i) * 1000L) {
        return i;
      }
    }
    return COUNT - 1;
  }
}
