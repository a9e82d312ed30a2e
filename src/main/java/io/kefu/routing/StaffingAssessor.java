package io.kefu.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Compares the agents online for a skill with the number Erlang C needs to answer {@code serviceLevelGoal} of chats
 * within the SLA. An agent serves {@code slotsPerAgent} chats at once and each slot is one Erlang C server, so the
 * handle time passed in is the time one chat occupies one slot (from hand-off to close), not agent time per chat.
 */
public final class StaffingAssessor {

  public static final double DEFAULT_SERVICE_LEVEL_GOAL = 0.8;

  private final StaffingThresholds thresholds;
  private final double serviceLevelGoal;

  public StaffingAssessor() {
    this(StaffingThresholds.DEFAULT, DEFAULT_SERVICE_LEVEL_GOAL);
  }

  public StaffingAssessor(StaffingThresholds thresholds, double serviceLevelGoal) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    if (!(serviceLevelGoal > 0 && serviceLevelGoal < 1)) {
      throw new IllegalArgumentException("serviceLevelGoal must be in (0, 1), got " + serviceLevelGoal);
    }
    this.serviceLevelGoal = serviceLevelGoal;
  }

  public StaffingStatus assess(String skill, double arrivalsPerSecond, double handleSeconds, Duration slaTarget,
                               int slotsPerAgent, int onlineAgents) {
    return assess(skill, arrivalsPerSecond, handleSeconds, slaTarget, slotsPerAgent, onlineAgents, 0);
  }

  /**
   * As above, knowing how many chats wait now: while any wait, at least one agent is required, also when the
   * arrival window has gone quiet (customers escalated long ago still need somebody).
   */
  public StaffingStatus assess(String skill, double arrivalsPerSecond, double handleSeconds, Duration slaTarget,
                               int slotsPerAgent, int onlineAgents, long queuedChats) {
    Objects.requireNonNull(slaTarget, "slaTarget");
    if (slaTarget.isNegative()) {
      throw new IllegalArgumentException("slaTarget must not be negative, got " + slaTarget);
    }
    if (slotsPerAgent < 1) {
      throw new IllegalArgumentException("slotsPerAgent must be >= 1, got " + slotsPerAgent);
    }
    if (onlineAgents < 0) {
      throw new IllegalArgumentException("onlineAgents must be >= 0, got " + onlineAgents);
    }
    int slots = ErlangC.requiredServers(arrivalsPerSecond, handleSeconds, slaTarget.toNanos() / 1e9,
        serviceLevelGoal);
    int required = Math.max((slots + slotsPerAgent - 1) / slotsPerAgent, queuedChats > 0 ? 1 : 0);
    double shortfall = required == 0 ? 0 : Math.max(0, required - onlineAgents) / (double) required;
    return new StaffingStatus(skill, required, onlineAgents, shortfall, thresholds.levelOf(shortfall));
  }
}
