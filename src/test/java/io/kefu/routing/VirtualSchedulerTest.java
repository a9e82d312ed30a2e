package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private final VirtualScheduler scheduler = new VirtualScheduler(T0);
  private final List<String> ran = new ArrayList<>();

  private Runnable record(String name) {
    return () -> ran.add(name + "@" + Duration.between(T0, scheduler.now()).toSeconds());
  }

  @Test
  void dueTasksRunInTimeOrderWithTiesInSchedulingOrder() {
    scheduler.schedule(T0.plusSeconds(30), record("c"));
    scheduler.schedule(T0.plusSeconds(10), record("a"));
    scheduler.schedule(T0.plusSeconds(30), record("d"));
    scheduler.schedule(T0.plusSeconds(20), record("b"));
    scheduler.schedule(T0.plusSeconds(31), record("late"));

    scheduler.advanceBy(Duration.ofSeconds(30));

    assertThat(ran).containsExactly("a@10", "b@20", "c@30", "d@30");
    assertThat(scheduler.now()).isEqualTo(T0.plusSeconds(30));
    assertThat(scheduler.pending()).isEqualTo(1);
  }

  @Test
  void nothingRunsUntilTimeIsAdvanced() {
    scheduler.schedule(T0, record("now"));

    assertThat(ran).isEmpty();
    scheduler.advanceBy(Duration.ZERO);
    assertThat(ran).containsExactly("now@0");
  }

  @Test
  void tasksScheduledByTasksRunWhenDueWithinTheSameAdvance() {
    scheduler.schedule(T0.plusSeconds(5), () -> {
      ran.add("outer@" + Duration.between(T0, scheduler.now()).toSeconds());
      scheduler.schedule(scheduler.now().plusSeconds(5), record("inner"));
      scheduler.schedule(scheduler.now().plusSeconds(60), record("tooLate"));
    });

    scheduler.advanceTo(T0.plusSeconds(20));

    assertThat(ran).containsExactly("outer@5", "inner@10");
    assertThat(scheduler.pending()).isEqualTo(1);
  }

  @Test
  void cancelledTasksNeverRunAndLeavePending() {
    Cancellable first = scheduler.schedule(T0.plusSeconds(1), record("first"));
    scheduler.schedule(T0.plusSeconds(2), record("second"));
    first.cancel();
    first.cancel();

    assertThat(scheduler.pending()).isEqualTo(1);
    scheduler.advanceBy(Duration.ofSeconds(5));
    assertThat(ran).containsExactly("second@2");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void clockFollowsVirtualTime() {
    scheduler.advanceBy(Duration.ofMinutes(3));

    assertThat(scheduler.clock().instant()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(scheduler.clock().millis()).isEqualTo(T0.toEpochMilli() + 180_000);
  }

  @Test
  void timeCannotGoBackwards() {
    scheduler.advanceBy(Duration.ofSeconds(10));

    assertThatThrownBy(() -> scheduler.advanceTo(T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("back");
    assertThatThrownBy(() -> scheduler.advanceBy(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
