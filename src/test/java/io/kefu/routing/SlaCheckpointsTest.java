package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.routing.SlaCheckpoints.Checkpoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlaCheckpointsTest {

  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

  @Test
  void defaultWarningsFallAtHalfEightyAndNinetyFivePercentThenBreach() {
    List<Checkpoint> checkpoints = SlaCheckpoints.of(T0, T0.plusSeconds(300), SlaCheckpoints.DEFAULT_WARNINGS);

    assertThat(checkpoints).containsExactly(
        new Checkpoint(0.5, T0.plusSeconds(150), false),
        new Checkpoint(0.8, T0.plusSeconds(240), false),
        new Checkpoint(0.95, T0.plusSeconds(285), false),
        new Checkpoint(1.0, T0.plusSeconds(300), true));
  }

  @Test
  void noWarningsLeavesOnlyTheBreach() {
    assertThat(SlaCheckpoints.of(T0, T0.plusSeconds(120), List.of()))
        .containsExactly(new Checkpoint(1.0, T0.plusSeconds(120), true));
  }

  @Test
  void fractionsOutsideTheOpenIntervalOrUnsortedAreRejected() {
    for (List<Double> bad : List.of(List.of(0.0), List.of(1.0), List.of(0.5, 1.2), List.of(0.8, 0.5),
        List.of(0.5, 0.5))) {
      assertThatThrownBy(() -> SlaCheckpoints.of(T0, T0.plusSeconds(60), bad))
          .as("fractions %s", bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fractions");
    }
  }

  @Test
  void deadlineMustComeAfterEscalation() {
    assertThatThrownBy(() -> SlaCheckpoints.of(T0, T0, SlaCheckpoints.DEFAULT_WARNINGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
  }
}
