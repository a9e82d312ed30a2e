package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrafficMeterTest {

  private final VirtualScheduler time = new VirtualScheduler(Instant.parse("2025-03-01T08:00:00Z"));
  private final TrafficMeter meter = new TrafficMeter(time.clock());

  private void arrivals(String skill, int count) {
    for (int i = 0; i < count; i++) {
      meter.arrival(skill);
    }
  }

  @Test
  void firstArrivalsAreSpreadOverAtLeastOneMinute() {
    time.advanceBy(Duration.ofSeconds(10));
    arrivals("sales", 3);

    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(3 / 60.0, within(1e-12));
  }

  @Test
  void duringTheFirstWindowTheRateUsesTheElapsedTime() {
    for (int minute = 0; minute < 5; minute++) {
      arrivals("sales", 6);
      time.advanceBy(Duration.ofMinutes(1));
    }

    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(30 / 300.0, within(1e-12));
  }

  @Test
  void afterTheFirstWindowOnlyTheLastFifteenMinutesCount() {
    arrivals("sales", 100);
    time.advanceBy(Duration.ofMinutes(10));
    arrivals("sales", 45);
    time.advanceBy(Duration.ofMinutes(10));

    // The 100 early arrivals are 20 minutes old; the 45 are 10 minutes old.
    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(45 / 900.0, within(1e-12));
  }

  @Test
  void anArrivalExactlyOneWindowOldIsDropped() {
    time.advanceBy(Duration.ofMinutes(20));
    meter.arrival("sales");
    time.advanceBy(Duration.ofMinutes(15).minusMillis(1));
    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(1 / 900.0, within(1e-12));

    time.advanceBy(Duration.ofMillis(1));
    assertThat(meter.arrivalsPerSecond("sales")).isZero();
  }

  @Test
  void skillsAreCountedApartAndUnknownSkillsHaveNoTraffic() {
    time.advanceBy(Duration.ofMinutes(2));
    arrivals("sales", 12);
    arrivals("billing", 3);

    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(12 / 120.0, within(1e-12));
    assertThat(meter.arrivalsPerSecond("billing")).isCloseTo(3 / 120.0, within(1e-12));
    assertThat(meter.arrivalsPerSecond("vip_desk")).isZero();
  }

  @Test
  void handleTimeIsThePriorUntilMeasuredThenTheMeanOfTheLastSamples() {
    TrafficMeter lastThree = new TrafficMeter(time.clock(), Duration.ofMinutes(15), 3, Duration.ofSeconds(180));
    assertThat(lastThree.handleSeconds("sales")).isEqualTo(180.0);
    assertThat(meter.handleSeconds("sales")).isEqualTo(240.0);

    lastThree.handled("sales", Duration.ofSeconds(100));
    lastThree.handled("sales", Duration.ofSeconds(200));
    assertThat(lastThree.handleSeconds("sales")).isEqualTo(150.0);
    lastThree.handled("sales", Duration.ofSeconds(300));
    lastThree.handled("sales", Duration.ofSeconds(400));
    lastThree.handled("sales", Duration.ofMillis(500_500));

    assertThat(lastThree.handleSeconds("sales")).isCloseTo((300 + 400 + 500.5) / 3, within(1e-9));
    assertThat(lastThree.handleSeconds("billing")).isEqualTo(180.0);
  }

  @Test
  void staticHelpersGiveAStoreTheSameNumbers() {
    assertThat(TrafficMeter.rate(45, Duration.ofMinutes(15))).isCloseTo(0.05, within(1e-12));
    assertThat(TrafficMeter.rate(0, Duration.ofMinutes(15))).isZero();
    Duration window = Duration.ofMinutes(15);
    assertThat(TrafficMeter.effectiveWindow(window, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(60));
    assertThat(TrafficMeter.effectiveWindow(window, Duration.ofMinutes(7))).isEqualTo(Duration.ofMinutes(7));
    assertThat(TrafficMeter.effectiveWindow(window, Duration.ofHours(3))).isEqualTo(window);
  }

  @Test
  void concurrentArrivalsAreAllCounted() throws Exception {
    time.advanceBy(Duration.ofMinutes(1));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 1000; i++) {
            meter.arrival("sales");
            meter.handled("sales", Duration.ofSeconds(60));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(meter.arrivalsPerSecond("sales")).isCloseTo(4000 / 60.0, within(1e-9));
    assertThat(meter.handleSeconds("sales")).isEqualTo(60.0);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> meter.arrival(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skill");
    assertThatThrownBy(() -> meter.handled("sales", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handleTime");
    assertThatThrownBy(() -> TrafficMeter.rate(-1, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrafficMeter(time.clock(), Duration.ZERO, 50, Duration.ofSeconds(240)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> new TrafficMeter(time.clock(), Duration.ofMinutes(15), 0, Duration.ofSeconds(240)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handleSamples");
  }
}
