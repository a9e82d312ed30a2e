package io.kefu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SurveyTallyTest {

  @Test
  void reportAddsUpAveragesDistributionAgentsAndResponseRate() {
    SurveyReport report = new SurveyTally()
        .add(true, 5, "alice")
        .add(true, 4, "alice")
        .add(true, 1, "bob")
        .add(true, null, null)
        .add(false, 3, "bob") // answered without a recorded invitation: a response, outside the rate
        .report();
    assertThat(report.responses()).isEqualTo(4);
    assertThat(report.average()).isCloseTo(13 / 4.0, within(1e-9));
    assertThat(report.distribution()).containsExactly(0, 1, 0, 1, 1, 1);
    assertThat(report.count(5)).isEqualTo(1);
    assertThat(report.sent()).isEqualTo(4);
    assertThat(report.responseRate()).isCloseTo(3 / 4.0, within(1e-9));
    assertThat(report.perAgent()).containsOnlyKeys("alice", "bob");
    assertThat(report.perAgent().get("alice")).isEqualTo(new SurveyReport.AgentScore(2, 4.5));
    assertThat(report.perAgent().get("bob")).isEqualTo(new SurveyReport.AgentScore(2, 2.0));
  }

  @Test
  void emptyPeriodReportsZerosNotNaN() {
    SurveyReport report = new SurveyTally().report();
    assertThat(report.responses()).isZero();
    assertThat(report.average()).isZero();
    assertThat(report.responseRate()).isZero();
    assertThat(report.distribution()).containsOnly(0);
    assertThat(report.perAgent()).isEmpty();
  }
}
