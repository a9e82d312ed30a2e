package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitEstimatorTest {

  private final WaitEstimator estimator = new WaitEstimator();

  @Test
  void chatsThatFitTheFreeSlotsDoNotWait() {
    WaitEstimate e = estimator.estimate(2, 6, 4, 0.01, 240);

    assertThat(e.known()).isTrue();
    assertThat(e.expectedWait()).isEqualTo(Duration.ZERO);
    assertThat(e.position()).isEqualTo(2);
  }

  @Test
  void chatsBeyondTheFreeSlotsWaitForCompletionsAtServersPerHandleTime() {
    // 6 slots, 4 busy: position 3 needs one completion; slots complete at 6 per 240 s.
    assertThat(estimator.estimate(3, 6, 4, 0.01, 240).expectedWait()).isEqualTo(Duration.ofSeconds(40));
    // All 4 busy: first in line waits 240/4 = 60 s, fifth 300 s.
    assertThat(estimator.estimate(1, 4, 4, 0.01, 240).expectedWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(estimator.estimate(5, 4, 4, 0.01, 240).expectedWait()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void moreBusyThanSlotsCountsAsAllBusy() {
    assertThat(estimator.estimate(1, 4, 6, 0.01, 240).expectedWait()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void noAgentOnlineGivesAnUnknownWait() {
    WaitEstimate e = estimator.estimate(3, 0, 0, 0.2, 240);

    assertThat(e.known()).isFalse();
    assertThat(e.expectedWait()).isNull();
    assertThat(e).isEqualTo(WaitEstimate.unknown(3));
  }

  @Test
  void probabilityOfWaitingIsErlangCForANewArrival() {
    assertThat(estimator.estimate(1, 55, 20, 0.2, 240).probabilityOfWaiting())
        .isCloseTo(0.2387009363780092, within(1e-12));
    assertThat(estimator.estimate(1, 40, 40, 0.2, 240).probabilityOfWaiting()).isEqualTo(1.0);
  }

  @Test
  void newArrivalWaitIsTheErlangCAverageSpeedOfAnswer() {
    assertThat(estimator.expectedWaitForNewArrival(55, 0.2, 240)).isEqualTo(Duration.ofMillis(8184));
    assertThat(estimator.expectedWaitForNewArrival(48, 0.2, 240)).isEqualTo(WaitEstimator.UNBOUNDED);
    assertThat(estimator.expectedWaitForNewArrival(0, 0.0, 240)).isEqualTo(WaitEstimator.UNBOUNDED);
    assertThat(estimator.expectedWaitForNewArrival(3, 0.0, 240)).isEqualTo(Duration.ZERO);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> estimator.estimate(0, 4, 0, 0.1, 240)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-based");
    assertThatThrownBy(() -> estimator.estimate(1, -1, 0, 0.1, 240)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> estimator.estimate(1, 4, 0, 0.1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("handleSeconds");
  }
}
