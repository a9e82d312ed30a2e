package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaffingAlarmTest {

  private final StaffingAlarm alarm = new StaffingAlarm();

  private static StaffingStatus status(String skill, StaffingLevel level) {
    double shortfall = switch (level) {
      case GREEN -> 0.0;
      case YELLOW -> 0.2;
      case ORANGE -> 0.3;
      case RED -> 0.5;
    };
    return new StaffingStatus(skill, 10, (int) Math.round(10 * (1 - shortfall)), shortfall, level);
  }

  @Test
  void notifiesOnRisesAndOnRecoveryOnly() {
    assertThat(alarm.update(status("sales", StaffingLevel.GREEN))).as("green from the start").isEmpty();
    assertThat(alarm.update(status("sales", StaffingLevel.YELLOW))).as("rise to yellow").isPresent();
    assertThat(alarm.update(status("sales", StaffingLevel.YELLOW))).as("still yellow").isEmpty();
    assertThat(alarm.update(status("sales", StaffingLevel.RED))).as("rise to red").isPresent();
    assertThat(alarm.update(status("sales", StaffingLevel.ORANGE))).as("partial recovery").isEmpty();
    assertThat(alarm.update(status("sales", StaffingLevel.RED))).as("back to the announced red").isEmpty();
    assertThat(alarm.update(status("sales", StaffingLevel.GREEN))).as("recovered").isPresent();
    assertThat(alarm.update(status("sales", StaffingLevel.GREEN))).as("still green").isEmpty();
    assertThat(alarm.update(status("sales", StaffingLevel.ORANGE))).as("new shortage").isPresent();
  }

  @Test
  void returnsTheStatusToAnnounce() {
    StaffingStatus orange = status("sales", StaffingLevel.ORANGE);

    assertThat(alarm.update(orange)).contains(orange);
    assertThat(alarm.announcedLevel("sales")).isEqualTo(StaffingLevel.ORANGE);
  }

  @Test
  void skillsAreTrackedApart() {
    assertThat(alarm.update(status("sales", StaffingLevel.RED))).isPresent();
    assertThat(alarm.update(status("billing", StaffingLevel.RED))).isPresent();
    assertThat(alarm.update(status("billing", StaffingLevel.GREEN))).isPresent();
    assertThat(alarm.announcedLevel("sales")).isEqualTo(StaffingLevel.RED);
    assertThat(alarm.announcedLevel("billing")).isEqualTo(StaffingLevel.GREEN);
  }
}
