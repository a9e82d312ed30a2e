package io.kefu.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The time windows of the reports: the last hour (sliding), today (since local midnight in {@code zone}) and the
 * hour buckets the counters are kept in (UTC hours, epoch ms of their start).
 */
public final class ReportWindows {
  public static final long HOUR_MS = 3_600_000L;
  /** "Today" of the reports is the day in China unless told otherwise. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private final Clock clock;
  private final ZoneId zone;

  public ReportWindows(Clock clock, ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  public long now() {
    return clock.millis();
  }

  public ZoneId zone() {
    return zone;
  }

  /** Start of the hour bucket that {@code atMs} falls in. */
  public static long hourOf(long atMs) {
    return Math.floorDiv(atMs, HOUR_MS) * HOUR_MS;
  }

  /** Local midnight of today in the report zone, epoch ms. */
  public long startOfToday() {
    Instant now = clock.instant();
    return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /**
   * The hour buckets of today, oldest first: from the bucket holding local midnight to the current one. In a zone
   * whose offset is not whole hours the first bucket starts before midnight.
   */
  public List<Long> hoursOfToday() {
    return hoursBetween(hourOf(startOfToday()), hourOf(now()));
  }

  /** The last {@code count} hour buckets, oldest first, the current (partial) hour last. */
  public List<Long> lastHours(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    long current = hourOf(now());
    return hoursBetween(current - (count - 1) * HOUR_MS, current);
  }

  private static List<Long> hoursBetween(long first, long last) {
    List<Long> hours = new ArrayList<>();
    for (long h = first; h <= last; h += HOUR_MS) {
      hours.add(h);
    }
    return hours;
  }
}
