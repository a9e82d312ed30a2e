package io.kefu.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * First-response SLA per customer class: a tier listed in {@code perTier} wins, otherwise VIPs get {@code vip} and
 * everyone else {@code standard}.
 */
public record SlaPolicy(Duration standard, Duration vip, Map<String, Duration> perTier) {

  /** 5 minutes for standard customers, 2 minutes for VIPs, no tiers. */
  public static final SlaPolicy DEFAULT = new SlaPolicy(Duration.ofSeconds(300), Duration.ofSeconds(120), Map.of());

  public SlaPolicy {
    requirePositive(standard, "standard");
    requirePositive(vip, "vip");
    if (perTier == null) {
      perTier = Map.of();
    }
    perTier.forEach((tier, sla) -> {
      if (tier == null || tier.isBlank()) {
        throw new IllegalArgumentException("SLA tier name must not be blank");
      }
      requirePositive(sla, "tier " + tier);
    });
    perTier = Map.copyOf(perTier);
  }

  /** The SLA for a customer; {@code tier} may be null or blank when the customer has none. */
  public Duration slaFor(boolean vip, String tier) {
    if (tier != null && !tier.isBlank()) {
      Duration override = perTier.get(tier);
      if (override != null) {
        return override;
      }
    }
    return vip ? this.vip : standard;
  }

  /** When the first agent response is due for a chat escalated at {@code escalatedAt}. */
  public Instant deadline(Instant escalatedAt, boolean vip, String tier) {
    Objects.requireNonNull(escalatedAt, "escalatedAt");
    return escalatedAt.plus(slaFor(vip, tier));
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " SLA must be a positive duration, got " + d);
    }
  }
}
