package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values were computed independently with the textbook factorial formula
 * {@code Pw = (A^N/N! · N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N-A))} in exact rational arithmetic.
 */
class ErlangCTest {

  /** The issue's example: 360 chats per 30 minutes, 240 s handle time. */
  private static final double RATE = 360 / 1800.0;
  private static final double AHT = 240;

  @Test
  void tinyCasesMatchTheFactorialFormulaByHand() {
    // A = 2, N = 3: (8/6 · 3) / (1 + 2 + 2 + 4) = 4/9
    assertThat(ErlangC.probabilityOfWaiting(2, 3)).isCloseTo(4.0 / 9, within(1e-12));
    // A = 1, N = 2: (1/2 · 2) / (1 + 1 + 1) = 1/3
    assertThat(ErlangC.probabilityOfWaiting(1, 2)).isCloseTo(1.0 / 3, within(1e-12));
    // 1 chat/min, 120 s handle (A = 2), 3 slots, 20 s: 1 - 4/9 · e^(-1 · 20/120)
    assertThat(ErlangC.serviceLevel(1 / 60.0, 120, 3, 20))
        .isCloseTo(1 - 4.0 / 9 * Math.exp(-20.0 / 120), within(1e-12));
    // ASA = Pw · AHT / (N - A) = 4/9 · 120 / 1
    assertThat(ErlangC.averageSpeedOfAnswer(1 / 60.0, 120, 3)).isCloseTo(160.0 / 3, within(1e-9));
  }

  @Test
  void issueExampleGives84Point6PercentAt15Seconds() {
    assertThat(ErlangC.probabilityOfWaiting(48, 55)).isCloseTo(0.2387009363780092, within(1e-12));
    assertThat(ErlangC.serviceLevel(RATE, AHT, 55, 15)).isCloseTo(0.8458830921705803, within(1e-12));
    assertThat(Math.round(ErlangC.serviceLevel(RATE, AHT, 55, 15) * 1000) / 10.0).isEqualTo(84.6);
    assertThat(ErlangC.serviceLevel(RATE, AHT, 55, 20)).isCloseTo(0.8667964881728509, within(1e-12));
    assertThat(ErlangC.averageSpeedOfAnswer(RATE, AHT, 55)).isCloseTo(8.184032104388887, within(1e-9));
  }

  @Test
  void requiredServersIsTheSmallestCountReachingTheGoal() {
    // 20 s target: 54 slots give 81.7 %, 53 only 75.2 %.
    assertThat(ErlangC.requiredServers(RATE, AHT, 20, 0.8)).isEqualTo(54);
    assertThat(ErlangC.serviceLevel(RATE, AHT, 53, 20)).isCloseTo(0.7517682451743329, within(1e-12));
    assertThat(ErlangC.serviceLevel(RATE, AHT, 54, 20)).isCloseTo(0.8172475210146836, within(1e-12));
    // 15 s target: 54 slots give 79.3 %, so 55 are needed (the issue's 84.6 %).
    assertThat(ErlangC.requiredServers(RATE, AHT, 15, 0.8)).isEqualTo(55);
    assertThat(ErlangC.requiredServers(RATE, AHT, 20, 0.9)).isEqualTo(56);
  }

  @Test
  void largeTrafficStaysFiniteAndExact() {
    assertThat(ErlangC.probabilityOfWaiting(500, 520)).isCloseTo(0.2747563446965241, within(1e-10));
    assertThat(ErlangC.probabilityOfWaiting(2000, 2050)).isCloseTo(0.18335473870213845, within(1e-10));
    // 5 chats/s, 100 s handle: 507 slots give 83.6 %, 506 give 78.7 %.
    assertThat(ErlangC.requiredServers(5, 100, 20, 0.8)).isEqualTo(507);
    assertThat(ErlangC.probabilityOfWaiting(20_000, 20_100)).isBetween(0.0, 1.0);
  }

  @Test
  void unstableQueueWaitsAlwaysAndNeverMeetsTheTarget() {
    assertThat(ErlangC.probabilityOfWaiting(48, 48)).isEqualTo(1.0);
    assertThat(ErlangC.probabilityOfWaiting(48, 10)).isEqualTo(1.0);
    assertThat(ErlangC.serviceLevel(RATE, AHT, 48, 15)).isZero();
    assertThat(ErlangC.averageSpeedOfAnswer(RATE, AHT, 48)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void noArrivalsNeedNoServersAndNobodyWaits() {
    assertThat(ErlangC.requiredServers(0, AHT, 20, 0.8)).isZero();
    assertThat(ErlangC.serviceLevel(0, AHT, 0, 20)).isEqualTo(1.0);
    assertThat(ErlangC.averageSpeedOfAnswer(0, AHT, 3)).isZero();
    assertThat(ErlangC.probabilityOfWaiting(0, 3)).isZero();
  }

  @Test
  void serviceLevelGrowsWithServersAndTarget() {
    double previous = 0;
    for (int n = 49; n < 70; n++) {
      double sl = ErlangC.serviceLevel(RATE, AHT, n, 20);
      assertThat(sl).as("service level with %d servers", n).isGreaterThan(previous);
      previous = sl;
    }
    assertThat(ErlangC.serviceLevel(RATE, AHT, 55, 30)).isGreaterThan(ErlangC.serviceLevel(RATE, AHT, 55, 15));
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> ErlangC.probabilityOfWaiting(-1, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trafficErlangs");
    assertThatThrownBy(() -> ErlangC.probabilityOfWaiting(Double.NaN, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErlangC.serviceLevel(RATE, 0, 3, 20)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("handleSeconds");
    assertThatThrownBy(() -> ErlangC.requiredServers(RATE, AHT, 20, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serviceLevelGoal");
    assertThatThrownBy(() -> ErlangC.requiredServers(RATE, AHT, -1, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetSeconds");
  }
}
