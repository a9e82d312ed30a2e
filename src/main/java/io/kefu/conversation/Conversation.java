package io.kefu.conversation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A conversation's metadata as stored (hash {@code kefu:conv:{id}}). Times are epoch ms, 0 when unset.
 *
 * @param skill           the skill group whose queue it is (or was) in
 * @param deadline        escalation time + SLA of the customer's class: the first human reply is due then
 * @param agent           the agent it is assigned to, or "" when none
 * @param firstResponseAt when a human first wrote to the customer after the escalation
 * @param firstAgent      who wrote that first reply
 * @param ticket          the customer left a message while the wait was too long: served first
 * @param excluded        agents the router must not give it to again (they let it time out)
 * @param preferredAgent  transferred to this agent: only they may take it from the queue
 */
public record Conversation(String id, String channel, String account, String user, ConversationState state,
                           String skill, boolean vip, String tier, String reason, long createdAt, long escalatedAt,
                           long deadline, String agent, long assignedAt, long acceptedAt, long firstResponseAt,
                           String firstAgent, long closedAt, String closedBy, boolean ticket, List<String> excluded,
                           String preferredAgent, int requeues, String survey, long lastAgentMessageAt,
                           long lastInboundAt, long updatedAt) {

  public static Conversation fromFields(Map<String, String> f) {
    return new Conversation(s(f, "id"), s(f, "channel"), s(f, "account"), s(f, "user"),
        ConversationState.parse(f.get("state")), s(f, "skill"), "1".equals(f.get("vip")), s(f, "tier"),
        s(f, "reason"), l(f, "createdAt"), l(f, "escalatedAt"), l(f, "deadline"), s(f, "agent"), l(f, "assignedAt"),
        l(f, "acceptedAt"), l(f, "firstResponseAt"), s(f, "firstAgent"), l(f, "closedAt"), s(f, "closedBy"),
        "1".equals(f.get("ticket")), list(f.get("excluded")), s(f, "preferredAgent"), (int) l(f, "requeues"),
        s(f, "survey"), l(f, "lastAgentMessageAt"), l(f, "lastInboundAt"), l(f, "updatedAt"));
  }

  /** True when it exists in the store (the hash had an id). */
  public boolean exists() {
    return !id.isEmpty();
  }

  public boolean assignedTo(String agentId) {
    return state == ConversationState.ASSIGNED && agent.equals(agentId);
  }

  /** The customer's id in profiles and history: channel, account and channel user id. */
  public String customerId() {
    return channel + ":" + account + ":" + user;
  }

  private static String s(Map<String, String> f, String name) {
    String value = f.get(name);
    return value == null ? "" : value;
  }

  private static long l(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> list(String value) {
    return value == null || value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).filter(x -> !x.isEmpty())
        .toList();
  }
}
