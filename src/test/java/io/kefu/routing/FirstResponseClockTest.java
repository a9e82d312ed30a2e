package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstResponseClockTest {

  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static final Instant DEADLINE = T0.plusSeconds(300);

  private static final SlaListener SILENT = new SlaListener() {
    @Override
    public void onWarning(String conversationId, double fraction, Instant at) {
    }

    @Override
    public void onBreach(String conversationId, Instant at) {
    }
  };

  private final VirtualScheduler scheduler = new VirtualScheduler(T0);
  private final List<String> events = new ArrayList<>();
  private final FirstResponseClock clock = new FirstResponseClock(scheduler, scheduler.clock(),
      SlaCheckpoints.DEFAULT_WARNINGS, new SlaListener() {
        @Override
        public void onWarning(String conversationId, double fraction, Instant at) {
          events.add(conversationId + " warn " + fraction + " at " + seconds(at) + " fired " + seconds(scheduler.now()));
        }

        @Override
        public void onBreach(String conversationId, Instant at) {
          events.add(conversationId + " breach at " + seconds(at) + " fired " + seconds(scheduler.now()));
        }
      });

  private static long seconds(Instant at) {
    return Duration.between(T0, at).toSeconds();
  }

  @Test
  void warningsAndBreachFireAtTheirVirtualInstants() {
    clock.start("c1", T0, DEADLINE);

    scheduler.advanceBy(Duration.ofSeconds(149));
    assertThat(events).isEmpty();
    scheduler.advanceBy(Duration.ofSeconds(1));
    assertThat(events).containsExactly("c1 warn 0.5 at 150 fired 150");
    scheduler.advanceBy(Duration.ofMinutes(10));

    assertThat(events).containsExactly(
        "c1 warn 0.5 at 150 fired 150",
        "c1 warn 0.8 at 240 fired 240",
        "c1 warn 0.95 at 285 fired 285",
        "c1 breach at 300 fired 300");
  }

  @Test
  void firstResponseStopsTheClockAndReturnsTheResponseTime() {
    clock.start("c1", T0, DEADLINE);
    scheduler.advanceBy(Duration.ofSeconds(200));

    assertThat(clock.stop("c1", scheduler.now())).contains(Duration.ofSeconds(200));
    scheduler.advanceBy(Duration.ofMinutes(10));

    assertThat(events).containsExactly("c1 warn 0.5 at 150 fired 150");
    assertThat(clock.running()).isZero();
    assertThat(scheduler.pending()).isZero();
    assertThat(clock.stop("c1", scheduler.now())).isEmpty();
  }

  @Test
  void breachedClockKeepsRunningUntilTheLateResponse() {
    clock.start("c1", T0, DEADLINE);
    scheduler.advanceBy(Duration.ofSeconds(400));

    assertThat(clock.running()).isEqualTo(1);
    assertThat(clock.stop("c1", scheduler.now())).contains(Duration.ofSeconds(400));
  }

  @Test
  void restartReplacesTheTimersOfTheSameConversation() {
    clock.start("c1", T0, DEADLINE);
    scheduler.advanceBy(Duration.ofSeconds(100));
    clock.start("c1", T0.plusSeconds(100), T0.plusSeconds(200));

    scheduler.advanceBy(Duration.ofMinutes(10));

    assertThat(events).containsExactly(
        "c1 warn 0.5 at 150 fired 150",
        "c1 warn 0.8 at 180 fired 180",
        "c1 warn 0.95 at 195 fired 195",
        "c1 breach at 200 fired 200");
    assertThat(clock.running()).isEqualTo(1);
    assertThat(clock.stop("c1", T0.plusSeconds(700))).contains(Duration.ofSeconds(600));
  }

  @Test
  void cancelSilencesTheClockWithoutMeasuring() {
    clock.start("c1", T0, DEADLINE);
    clock.start("c2", T0, DEADLINE);
    clock.cancel("c1");

    scheduler.advanceBy(Duration.ofSeconds(150));

    assertThat(events).containsExactly("c2 warn 0.5 at 150 fired 150");
    assertThat(clock.running()).isEqualTo(1);
    assertThat(clock.stop("c1", scheduler.now())).isEmpty();
  }

  @Test
  void lateAdoptionRaisesOnlyTheMostRecentPassedCheckpointThenTheRest() {
    scheduler.advanceBy(Duration.ofSeconds(260));
    clock.start("c1", T0, DEADLINE);

    scheduler.advanceBy(Duration.ZERO);
    assertThat(events).containsExactly("c1 warn 0.8 at 240 fired 260");
    scheduler.advanceBy(Duration.ofMinutes(1));

    assertThat(events).containsExactly(
        "c1 warn 0.8 at 240 fired 260",
        "c1 warn 0.95 at 285 fired 285",
        "c1 breach at 300 fired 300");
  }

  @Test
  void adoptionAfterTheDeadlineRaisesTheBreachOnce() {
    scheduler.advanceBy(Duration.ofSeconds(900));
    clock.start("c1", T0, DEADLINE);

    scheduler.advanceBy(Duration.ofMinutes(5));

    assertThat(events).containsExactly("c1 breach at 300 fired 900");
  }

  @Test
  void responseBeforeEscalationIsRejectedAndKeepsTheClock() {
    clock.start("c1", T0.plusSeconds(10), DEADLINE);

    assertThatThrownBy(() -> clock.stop("c1", T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before its escalation");
    assertThat(clock.running()).isEqualTo(1);
  }

  @Test
  void badStartArgumentsAreRejected() {
    assertThatThrownBy(() -> clock.start(" ", T0, DEADLINE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.start("c1", DEADLINE, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FirstResponseClock(scheduler, scheduler.clock(), List.of(0.9, 0.5), SILENT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.running()).isZero();
  }
}
