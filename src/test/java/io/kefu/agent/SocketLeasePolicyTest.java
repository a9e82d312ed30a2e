package io.kefu.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SocketLeasePolicyTest {
  private final SocketLeasePolicy policy = new SocketLeasePolicy(Duration.ofSeconds(15), Duration.ofSeconds(30));

  @Test
  void aNodeHeartbeatsThreeTimesPerLeaseAndIsDeadOnceItsLastHeartbeatIsALeaseOld() {
    assertThat(policy.heartbeatEvery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.deadIfHeartbeatAtOrBefore(100_000)).isEqualTo(85_000);
  }

  @Test
  void aNodeSweepsOthersOnlyAfterRenewingItsOwnLeaseForAWholeLease() {
    assertThat(policy.maySweep(-1, 1_000_000)).as("its last heartbeat failed (Redis away)").isFalse();
    assertThat(policy.maySweep(100_000, 114_999)).as("renewing for less than a lease").isFalse();
    assertThat(policy.maySweep(100_000, 115_000)).isTrue();
  }

  @Test
  void anAgentGoesOfflineTheGraceAfterTheirLastSocketWentAway() {
    assertThat(policy.offlineAt(100_000)).isEqualTo(130_000);
  }

  @Test
  void aLeaseTooShortToDivideIsRefused() {
    assertThatThrownBy(() -> new SocketLeasePolicy(Duration.ofMillis(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
