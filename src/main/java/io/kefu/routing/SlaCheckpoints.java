package io.kefu.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The instants at which a waiting chat raises SLA warnings, and its breach at the deadline. */
public final class SlaCheckpoints {

  /** Warn at half, 80 % and 95 % of the SLA. */
  public static final List<Double> DEFAULT_WARNINGS = List.of(0.5, 0.8, 0.95);

  /**
   * One checkpoint.
   *
   * @param fraction share of the SLA elapsed at {@code at}; 1.0 for the breach
   * @param breach   true only for the deadline itself
   */
  public record Checkpoint(double fraction, Instant at, boolean breach) {
  }

  private SlaCheckpoints() {
  }

  /** The warnings in order, then the breach at {@code deadline}. */
  public static List<Checkpoint> of(Instant escalatedAt, Instant deadline, List<Double> warnFractions) {
    Objects.requireNonNull(escalatedAt, "escalatedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (!deadline.isAfter(escalatedAt)) {
      throw new IllegalArgumentException("SLA deadline " + deadline + " is not after escalation " + escalatedAt);
    }
    List<Double> fractions = validFractions(warnFractions);
    long slaNanos = Duration.between(escalatedAt, deadline).toNanos();
    List<Checkpoint> checkpoints = new ArrayList<>(fractions.size() + 1);
    for (double fraction : fractions) {
      checkpoints.add(new Checkpoint(fraction, escalatedAt.plusNanos(Math.round(slaNanos * fraction)), false));
    }
    checkpoints.add(new Checkpoint(1.0, deadline, true));
    return List.copyOf(checkpoints);
  }

  /** The fractions, checked to lie in (0, 1) in strictly increasing order. */
  static List<Double> validFractions(List<Double> warnFractions) {
    Objects.requireNonNull(warnFractions, "warnFractions");
    double previous = 0;
    for (Double fraction : warnFractions) {
      if (fraction == null || !(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("SLA warning fractions must lie in (0, 1), got " + warnFractions);
      }
      if (fraction <= previous) {
        throw new IllegalArgumentException("SLA warning fractions must be strictly increasing, got " + warnFractions);
      }
      previous = fraction;
    }
    return List.copyOf(warnFractions);
  }
}
