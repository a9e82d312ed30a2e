package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {

  private final SlaPolicy policy = new SlaPolicy(Duration.ofMinutes(5), Duration.ofMinutes(2),
      Map.of("gold", Duration.ofSeconds(60), "bronze", Duration.ofMinutes(10)));

  @Test
  void defaultIsFiveMinutesStandardAndTwoForVips() {
    assertThat(SlaPolicy.DEFAULT.slaFor(false, null)).isEqualTo(Duration.ofSeconds(300));
    assertThat(SlaPolicy.DEFAULT.slaFor(true, null)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void tierOverrideWinsOverVipFlag() {
    assertThat(policy.slaFor(true, "bronze")).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.slaFor(false, "gold")).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void unknownOrBlankTierFallsBackToVipFlag() {
    assertThat(policy.slaFor(true, "platinum")).isEqualTo(Duration.ofMinutes(2));
    assertThat(policy.slaFor(false, " ")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void deadlineIsEscalationPlusSla() {
    Instant escalated = Instant.parse("2025-03-01T08:00:00Z");
    assertThat(policy.deadline(escalated, true, null)).isEqualTo(Instant.parse("2025-03-01T08:02:00Z"));
    assertThat(policy.deadline(escalated, false, "gold")).isEqualTo(Instant.parse("2025-03-01T08:01:00Z"));
  }

  @Test
  void nonPositiveDurationsAreRejected() {
    assertThatThrownBy(() -> new SlaPolicy(Duration.ZERO, Duration.ofMinutes(2), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard");
    assertThatThrownBy(() -> new SlaPolicy(Duration.ofMinutes(5), Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vip");
    assertThatThrownBy(() -> new SlaPolicy(Duration.ofMinutes(5), Duration.ofMinutes(2),
        Map.of("gold", Duration.ZERO))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold");
  }
}
