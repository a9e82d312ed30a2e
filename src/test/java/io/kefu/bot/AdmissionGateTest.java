package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {

  @Test
  void refusesAtCapacityAndAdmitsAgainAfterALeave() {
    AdmissionGate gate = new AdmissionGate(2, 1, Duration.ofHours(1));
    assertThat(gate.tryEnter()).isTrue();
    assertThat(gate.tryEnter()).isTrue();
    assertThat(gate.tryEnter()).as("two in flight").isFalse();
    gate.leave();
    assertThat(gate.inFlight()).isEqualTo(1);
    assertThat(gate.tryEnter()).isTrue();
  }

  @Test
  void refusesATurnThatWouldWaitLongerThanTheBoundLongBeforeTheCountIsReached() {
    AdmissionGate gate = new AdmissionGate(2_000, 2, Duration.ofSeconds(1));
    assertThat(gate.tryEnter()).isTrue();
    gate.leave(Duration.ofMillis(400));
    assertThat(gate.meanService()).isEqualTo(Duration.ofMillis(400));
    // two run at once; the k-th queued turn waits k x 400 ms / 2 workers
    int admitted = 0;
    while (gate.tryEnter()) {
      admitted++;
      assertThat(admitted).as("bounded").isLessThan(100);
    }
    assertThat(admitted).as("2 running + 5 queued (200..1000 ms), the next would wait 1200 ms").isEqualTo(7);
    assertThat(gate.expectedWait()).isEqualTo(Duration.ofMillis(1200));
    gate.leave(Duration.ofMillis(400));
    assertThat(gate.expectedWait()).isEqualTo(Duration.ofMillis(1000));
    assertThat(gate.tryEnter()).as("exactly the bound is still admitted").isTrue();
  }

  @Test
  void serviceTimeIsAMovingAverageAndLeavingWithoutOneKeepsIt() {
    AdmissionGate gate = new AdmissionGate(10, 1, Duration.ofSeconds(1));
    assertThat(gate.meanService()).isZero();
    assertThat(gate.expectedWait()).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(gate.tryEnter()).isTrue();
    }
    gate.leave(Duration.ofMillis(400));
    gate.leave(Duration.ofMillis(1_400));
    assertThat(gate.meanService()).isEqualTo(Duration.ofMillis(500)); // 400 + 0.1 x (1400 - 400)
    gate.leave();
    assertThat(gate.meanService()).isEqualTo(Duration.ofMillis(500));
    assertThat(gate.inFlight()).isZero();
  }

  @Test
  void aTurnMayStartUpToTheBoundNotAfter() {
    AdmissionGate gate = new AdmissionGate(10, 1, Duration.ofMillis(500));
    assertThat(gate.waitedTooLong(Duration.ofMillis(500))).isFalse();
    assertThat(gate.waitedTooLong(Duration.ofMillis(501))).isTrue();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new AdmissionGate(0, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdmissionGate(1, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdmissionGate(1, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
