package io.kefu.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of first response times (nearest-rank: the p-th percentile is the smallest sample with at
 * least p % of the samples at or below it). All values are null when there is no sample.
 */
public record FrtSummary(int count, Long p50Ms, Long p90Ms, Long p99Ms, Long maxMs) {

  public static final FrtSummary EMPTY = new FrtSummary(0, null, null, null, null);

  public static FrtSummary of(Collection<Long> frtMillis) {
    if (frtMillis.isEmpty()) {
      return EMPTY;
    }
    long[] sorted = frtMillis.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new FrtSummary(sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of ascending {@code sorted} (not empty), {@code p} in (0, 100]. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
