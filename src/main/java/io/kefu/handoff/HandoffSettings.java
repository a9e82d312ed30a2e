package io.kefu.handoff;

import io.kefu.routing.OverflowRule;
import io.kefu.routing.SlaPolicy;
import io.kefu.routing.StaffingThresholds;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How hand-off to humans behaves (config section {@code handoff}).
 *
 * @param sla                 first-response SLA per customer class
 * @param warnings            fractions of the SLA at which a warning event is raised (breach is at 1.0)
 * @param firstMessageTimeout an assigned chat without a message from its agent within this time is re-queued
 * @param disconnectGrace     an agent whose last console connection dropped goes offline after this time
 * @param reopenWindow        a customer message within this time after a close reopens the conversation
 * @param defaultSkill        skill group of escalations no rule maps elsewhere
 * @param skillRules          escalation reason or intent name → skill group ({@code complaint}, {@code refund_request} …)
 * @param handlePrior         handle time assumed per chat until real ones are measured
 * @param arrivalWindow       window of the live arrival rate
 * @param staffing            shortfall thresholds of the yellow / orange / red staffing alert
 * @param serviceLevelGoal    share of chats that must be answered within the SLA (staffing target)
 * @param staffingInterval    how often staffing is assessed
 * @param robotWebhook        WeCom group-robot webhook for staffing alerts, or null
 * @param surveys             send a satisfaction survey after an agent closes a chat
 * @param dispatchInterval    safety-net routing round (routing is otherwise triggered by events)
 * @param socketLease         a node that has not renewed the lease of its console sockets for this long is dead:
 *                            its agents count as disconnected since its last renewal
 * @param overflow            overflow pool rules: a group's chats waiting longer than a rule's time may also go to
 *                            the agents of the rule's target group
 */
public record HandoffSettings(SlaPolicy sla, List<Double> warnings, Duration firstMessageTimeout,
                              Duration disconnectGrace, Duration reopenWindow, String defaultSkill,
                              Map<String, String> skillRules, Duration handlePrior, Duration arrivalWindow,
                              StaffingThresholds staffing, double serviceLevelGoal, Duration staffingInterval,
                              String robotWebhook, boolean surveys, Duration dispatchInterval,
                              Duration socketLease, List<OverflowRule> overflow) {

  public static HandoffSettings defaults() {
    return new HandoffSettings(SlaPolicy.DEFAULT, List.of(0.5, 0.8, 0.95), Duration.ofSeconds(90),
        Duration.ofSeconds(30), Duration.ofMinutes(30), "general", Map.of(), Duration.ofSeconds(240), Duration.ofMinutes(15),
        new StaffingThresholds(0.15, 0.25, 0.40), 0.8, Duration.ofSeconds(30), null, true, Duration.ofSeconds(2),
        Duration.ofSeconds(15), List.of());
  }

  /** The skill group an escalation goes to: a rule for the intent or reason, else the default group. */
  public String skillFor(String reason) {
    if (reason == null) {
      return defaultSkill;
    }
    String key = reason.startsWith("intent ") ? reason.substring("intent ".length()) : reason;
    return skillRules.getOrDefault(key, defaultSkill);
  }
}
