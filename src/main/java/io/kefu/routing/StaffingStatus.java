package io.kefu.routing;

/**
 * A skill's staffing compared with what Erlang C says it needs.
 *
 * @param shortfall missing agents as a share of the required ones, in [0, 1]
 */
public record StaffingStatus(String skill, int requiredAgents, int onlineAgents, double shortfall,
                             StaffingLevel level) {

  public StaffingStatus {
    if (skill == null || skill.isBlank()) {
      throw new IllegalArgumentException("skill must not be blank");
    }
    if (requiredAgents < 0 || onlineAgents < 0) {
      throw new IllegalArgumentException(
          "agent counts must be >= 0, got required " + requiredAgents + ", online " + onlineAgents);
    }
    if (!(shortfall >= 0 && shortfall <= 1)) {
      throw new IllegalArgumentException("shortfall must be in [0, 1], got " + shortfall);
    }
    if (level == null) {
      throw new IllegalArgumentException("level must not be null");
    }
  }
}
