package io.kefu.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Live traffic per skill, the inputs of {@link ErlangC}: arrivals per second over a sliding window and the mean of
 * the last handle times. Until the meter has run for a whole window the rate divides by the time it has run, but by
 * at least {@link #MIN_WINDOW}, so the first arrivals after a start do not read as a spike. Thread-safe.
 *
 * <p>{@link #rate} and {@link #effectiveWindow} let a store that keeps arrival timestamps elsewhere (Redis) compute
 * the same numbers.
 */
public final class TrafficMeter {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
  public static final int DEFAULT_HANDLE_SAMPLES = 50;
  public static final Duration DEFAULT_HANDLE_PRIOR = Duration.ofSeconds(240);
  /** Shortest span a rate is divided by. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(60);

  private final Clock clock;
  private final Duration window;
  private final int handleSamples;
  private final Duration handlePrior;
  private final Instant startedAt;
  private final Map<String, Deque<Instant>> arrivals = new HashMap<>();
  private final Map<String, HandleTimes> handleTimes = new HashMap<>();

  public TrafficMeter(Clock clock) {
    this(clock, DEFAULT_WINDOW, DEFAULT_HANDLE_SAMPLES, DEFAULT_HANDLE_PRIOR);
  }

  /**
   * @param window        span of the arrival rate
   * @param handleSamples how many recent handle times are averaged
   * @param handlePrior   handle time assumed for a skill with none recorded yet
   */
  public TrafficMeter(Clock clock, Duration window, int handleSamples, Duration handlePrior) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = requirePositive(window, "window");
    if (handleSamples < 1) {
      throw new IllegalArgumentException("handleSamples must be >= 1, got " + handleSamples);
    }
    this.handleSamples = handleSamples;
    this.handlePrior = requirePositive(handlePrior, "handlePrior");
    this.startedAt = clock.instant();
  }

  /** Arrivals per second over {@code window}: {@code arrivalsInWindow / window}. */
  public static double rate(long arrivalsInWindow, Duration window) {
    if (arrivalsInWindow < 0) {
      throw new IllegalArgumentException("arrivalsInWindow must be >= 0, got " + arrivalsInWindow);
    }
    requirePositive(window, "window");
    return arrivalsInWindow / (window.toNanos() / 1e9);
  }

  /**
   * The span to divide a window's arrivals by when counting has only run for {@code elapsed}: the elapsed time, at
   * least {@link #MIN_WINDOW}, at most {@code window}.
   */
  public static Duration effectiveWindow(Duration window, Duration elapsed) {
    requirePositive(window, "window");
    Objects.requireNonNull(elapsed, "elapsed");
    Duration atLeast = elapsed.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : elapsed;
    return atLeast.compareTo(window) > 0 ? window : atLeast;
  }

  public synchronized void arrival(String skill) {
    Instant now = clock.instant();
    Deque<Instant> times = arrivals.computeIfAbsent(requireSkill(skill), s -> new ArrayDeque<>());
    times.addLast(now);
    prune(times, now);
  }

  public synchronized void handled(String skill, Duration handleTime) {
    Objects.requireNonNull(handleTime, "handleTime");
    if (handleTime.isNegative()) {
      throw new IllegalArgumentException("handleTime must not be negative, got " + handleTime);
    }
    handleTimes.computeIfAbsent(requireSkill(skill), s -> new HandleTimes(handleSamples)).add(handleTime);
  }

  /** Arrivals per second of a skill over the sliding window; 0 for a skill never seen. */
  public synchronized double arrivalsPerSecond(String skill) {
    Deque<Instant> times = arrivals.get(requireSkill(skill));
    if (times == null) {
      return 0;
    }
    Instant now = clock.instant();
    prune(times, now);
    return rate(times.size(), effectiveWindow(window, Duration.between(startedAt, now)));
  }

  /** Mean of the skill's last handle times in seconds, or the prior when none are recorded. */
  public synchronized double handleSeconds(String skill) {
    HandleTimes times = handleTimes.get(requireSkill(skill));
    return times == null ? handlePrior.toNanos() / 1e9 : times.meanSeconds();
  }

  /** Drops arrivals older than the window; an arrival exactly one window old is dropped. */
  private void prune(Deque<Instant> times, Instant now) {
    Instant oldestKept = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
      times.removeFirst();
    }
  }

  private static String requireSkill(String skill) {
    if (skill == null || skill.isBlank()) {
      throw new IllegalArgumentException("skill must not be blank");
    }
    return skill;
  }

  private static Duration requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
    return d;
  }

  /** Ring of the last handle times with a running sum. */
  private static final class HandleTimes {
    private final long[] nanos;
    private int size;
    private int next;
    private long sum;

    HandleTimes(int capacity) {
      nanos = new long[capacity];
    }

    void add(Duration handleTime) {
      long value = handleTime.toNanos();
      if (size == nanos.length) {
        sum -= nanos[next];
      } else {
        size++;
      }
      nanos[next] = value;
      sum += value;
      next = (next + 1) % nanos.length;
    }

    double meanSeconds() {
      return sum / (double) size / 1e9;
    }
  }
}
