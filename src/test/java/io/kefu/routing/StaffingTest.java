package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StaffingTest {

  private final StaffingThresholds thresholds = StaffingThresholds.DEFAULT;
  private final StaffingAssessor assessor = new StaffingAssessor();

  @Test
  void levelsChangeOnlyAboveEachThreshold() {
    assertThat(thresholds.levelOf(0.0)).isEqualTo(StaffingLevel.GREEN);
    assertThat(thresholds.levelOf(0.15)).isEqualTo(StaffingLevel.GREEN);
    assertThat(thresholds.levelOf(Math.nextUp(0.15))).isEqualTo(StaffingLevel.YELLOW);
    assertThat(thresholds.levelOf(0.25)).isEqualTo(StaffingLevel.YELLOW);
    assertThat(thresholds.levelOf(Math.nextUp(0.25))).isEqualTo(StaffingLevel.ORANGE);
    assertThat(thresholds.levelOf(0.40)).isEqualTo(StaffingLevel.ORANGE);
    assertThat(thresholds.levelOf(Math.nextUp(0.40))).isEqualTo(StaffingLevel.RED);
    assertThat(thresholds.levelOf(1.0)).isEqualTo(StaffingLevel.RED);
  }

  @Test
  void thresholdsMustBeIncreasingFractions() {
    assertThatThrownBy(() -> new StaffingThresholds(0.3, 0.2, 0.4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yellow < orange");
    assertThatThrownBy(() -> new StaffingThresholds(0, 0.2, 0.4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StaffingThresholds(0.1, 0.2, 1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issueExampleNeeds55SlotsForEightyPercentIn15Seconds() {
    StaffingStatus full = assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 1, 55);
    assertThat(full).isEqualTo(new StaffingStatus("sales", 55, 55, 0.0, StaffingLevel.GREEN));

    StaffingStatus short9 = assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 1, 46);
    assertThat(short9.shortfall()).isCloseTo(9 / 55.0, within(1e-12));
    assertThat(short9.level()).isEqualTo(StaffingLevel.YELLOW);
  }

  @Test
  void agentsWithSeveralSlotsAreCountedByCeilingOfSlots() {
    // 55 slots at 3 chats per agent: 19 agents.
    assertThat(assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 3, 17).level())
        .isEqualTo(StaffingLevel.GREEN); // 2/19 = 10.5 %
    assertThat(assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 3, 16).level())
        .isEqualTo(StaffingLevel.YELLOW); // 3/19 = 15.8 %
    assertThat(assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 3, 14).level())
        .isEqualTo(StaffingLevel.ORANGE); // 5/19 = 26.3 %
    StaffingStatus red = assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 3, 11); // 8/19 = 42.1 %
    assertThat(red.requiredAgents()).isEqualTo(19);
    assertThat(red.level()).isEqualTo(StaffingLevel.RED);
  }

  @Test
  void shortfallExactlyAtAThresholdStaysBelowIt() {
    // 200 chats/hour, 300 s handle, 60 s SLA: 20 slots (19 give 69.8 %, 20 give 82.6 %).
    StaffingStatus quarter = assessor.assess("billing", 200 / 3600.0, 300, Duration.ofSeconds(60), 1, 15);
    assertThat(quarter.requiredAgents()).isEqualTo(20);
    assertThat(quarter.shortfall()).isEqualTo(0.25);
    assertThat(quarter.level()).isEqualTo(StaffingLevel.YELLOW);

    StaffingStatus forty = assessor.assess("billing", 200 / 3600.0, 300, Duration.ofSeconds(60), 1, 12);
    assertThat(forty.shortfall()).isEqualTo(0.40);
    assertThat(forty.level()).isEqualTo(StaffingLevel.ORANGE);
  }

  @Test
  void noTrafficNeedsNobodyAndNobodyOnlineWithTrafficIsRed() {
    assertThat(assessor.assess("night", 0, 240, Duration.ofSeconds(60), 3, 0))
        .isEqualTo(new StaffingStatus("night", 0, 0, 0.0, StaffingLevel.GREEN));
    StaffingStatus empty = assessor.assess("sales", 0.01, 240, Duration.ofSeconds(60), 3, 0);
    assertThat(empty.shortfall()).isEqualTo(1.0);
    assertThat(empty.level()).isEqualTo(StaffingLevel.RED);
  }

  @Test
  void waitingChatsNeedAnAgentEvenWhenArrivalsHaveStopped() {
    StaffingStatus waiting = assessor.assess("night", 0, 240, Duration.ofSeconds(60), 3, 0, 2);
    assertThat(waiting.requiredAgents()).isEqualTo(1);
    assertThat(waiting.level()).isEqualTo(StaffingLevel.RED);
    assertThat(assessor.assess("night", 0, 240, Duration.ofSeconds(60), 3, 1, 2).level())
        .isEqualTo(StaffingLevel.GREEN);
  }

  @Test
  void surplusAgentsAreNoShortfall() {
    assertThat(assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 1, 80).shortfall()).isZero();
  }

  @Test
  void badAssessInputIsRejected() {
    assertThatThrownBy(() -> assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 0, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slotsPerAgent");
    assertThatThrownBy(() -> assessor.assess("sales", 0.2, 240, Duration.ofSeconds(15), 1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onlineAgents");
    assertThatThrownBy(() -> new StaffingAssessor(StaffingThresholds.DEFAULT, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
