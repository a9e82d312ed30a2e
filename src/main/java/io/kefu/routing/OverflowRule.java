package io.kefu.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An overflow pool rule: a chat of group {@code from} that has waited at least {@code after} since it was queued
 * may also go to an agent of group {@code to} (one hop: a chat that overflowed into {@code to} does not overflow on
 * from there). Its own group's agents keep first call on it.
 */
public record OverflowRule(String from, String to, Duration after) {
  public OverflowRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(after, "after");
    if (from.isBlank() || to.isBlank()) {
      throw new IllegalArgumentException("overflow groups must not be blank");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("group " + from + " cannot overflow into itself");
    }
    if (after.isNegative()) {
      throw new IllegalArgumentException("overflow of " + from + ": 'after' must not be negative (got " + after + ")");
    }
  }

  /** Whether a chat of {@link #from} queued at {@code queuedAtMs} may go to {@link #to}'s agents at {@code nowMs}. */
  public boolean applies(long queuedAtMs, long nowMs) {
    return nowMs - queuedAtMs >= after.toMillis();
  }

  /** The first moment a chat queued at {@code queuedAtMs} becomes eligible (epoch ms). */
  public long eligibleAtMs(long queuedAtMs) {
    return queuedAtMs + after.toMillis();
  }

  /** Problems of a rule set: at most one rule per group (the planner needs one answer per chat). */
  public static List<String> problems(Collection<OverflowRule> rules) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OverflowRule rule : rules) {
      if (!seen.add(rule.from())) {
        problems.add("group " + rule.from() + " has more than one overflow rule");
      }
    }
    return problems;
  }
}
