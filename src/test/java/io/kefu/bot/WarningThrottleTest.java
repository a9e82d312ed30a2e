package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarningThrottleTest {

  @Test
  void firstEventIsReportedThenOneLinePerIntervalCountingWhatItStandsFor() {
    WarningThrottle throttle = new WarningThrottle(1_000);

    assertThat(throttle.count(5_000)).as("the first event is reported at once").isEqualTo(1);
    assertThat(throttle.count(5_100)).isZero();
    assertThat(throttle.count(5_900)).isZero();
    assertThat(throttle.count(6_000)).as("due again: the two held back and this one").isEqualTo(3);
    assertThat(throttle.count(6_500)).isZero();
    assertThat(throttle.count(9_000)).isEqualTo(2);
  }
}
