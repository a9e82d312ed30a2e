package io.kefu.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a skill's staffing is worth a group message: when its level rises above the last level announced,
 * and when it is back to GREEN after an announced shortage. A partial recovery (RED to ORANGE) stays quiet, so a
 * level flapping between two bad states does not flood the group. A skill starts as GREEN. Thread-safe.
 */
public final class StaffingAlarm {

  private final Map<String, StaffingLevel> announced = new ConcurrentHashMap<>();

  /** The status if it should be announced now, else empty. */
  public Optional<StaffingStatus> update(StaffingStatus status) {
    Objects.requireNonNull(status, "status");
    StaffingLevel level = status.level();
    boolean[] notify = new boolean[1];
    announced.compute(status.skill(), (skill, last) -> {
      StaffingLevel before = last == null ? StaffingLevel.GREEN : last;
      if (level.compareTo(before) > 0 || (level == StaffingLevel.GREEN && before != StaffingLevel.GREEN)) {
        notify[0] = true;
        return level;
      }
      return before;
    });
    return notify[0] ? Optional.of(status) : Optional.empty();
  }

  /** The level last announced for a skill (GREEN if none). */
  public StaffingLevel announcedLevel(String skill) {
    return announced.getOrDefault(Objects.requireNonNull(skill, "skill"), StaffingLevel.GREEN);
  }
}
