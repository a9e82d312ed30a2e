package io.kefu.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which queued chat goes to which online agent, as one pure step over a snapshot; the caller applies the
 * assignments (atomically, e.g. in Redis) and plans again on the next event.
 *
 * <p>Chats are served in this order: tickets (messages left while waiting) oldest first, then earliest SLA
 * deadline, VIP before non-VIP, oldest enqueue, conversation id. Each chat goes to an agent who has its skill, a free
 * slot and is not excluded for it; among those the least loaded wins (lowest load, then lower load/capacity, then
 * the agent whose last assignment is oldest, then agent id). An agent assigned earlier in the same plan counts as
 * more recently assigned than any agent not yet assigned in it, so equal agents take turns.
 *
 * <p>A chat transferred to a specific agent ({@code preferredAgent}) may only go to that agent, who need not have
 * the chat's skill (the person transferring chose them), and otherwise waits. A chat nobody can take is skipped and
 * later chats, of any skill, are still served.
 *
 * <p>Overflow ({@link OverflowRule}): a chat of a group with a rule that has waited at least the rule's time since
 * it was queued ({@code enqueuedAtMs}, measured on the planner's clock) may also go to the least loaded agent of
 * the rule's target group, when no agent of its own group can take it. It keeps its place in the serving order,
 * so an overflowing chat (its deadline nearer) goes before the target group's own later chats.
 */
public final class AssignmentPlanner {

  /**
   * A chat waiting for an agent.
   *
   * @param deadlineMs     first-response SLA deadline (epoch ms)
   * @param enqueuedAtMs   when it entered the queue (epoch ms)
   * @param ticket         a message left by a customer who stopped waiting; served before live chats
   * @param preferredAgent the only agent who may take it (a transfer to a person), or null
   * @param excludedAgents agents who must not get it (e.g. the one who just let it time out)
   */
  public record QueuedChat(String conversationId, String skill, long deadlineMs, long enqueuedAtMs, boolean vip,
                           boolean ticket, String preferredAgent, Set<String> excludedAgents) {
    public QueuedChat {
      requireText(conversationId, "conversationId");
      requireText(skill, "skill of " + conversationId);
      if (preferredAgent != null && preferredAgent.isBlank()) {
        preferredAgent = null;
      }
      excludedAgents = excludedAgents == null ? Set.of() : Set.copyOf(excludedAgents);
      if (preferredAgent != null && excludedAgents.contains(preferredAgent)) {
        throw new IllegalArgumentException(
            "chat " + conversationId + " prefers agent " + preferredAgent + " who is also excluded");
      }
    }
  }

  /**
   * An online agent's chat slots.
   *
   * @param load           chats the agent has now
   * @param capacity       chats the agent may have at once
   * @param lastAssignedMs when the agent last got a chat (epoch ms; 0 for never)
   */
  public record AgentSlot(String agentId, Set<String> skills, int load, int capacity, long lastAssignedMs) {
    public AgentSlot {
      requireText(agentId, "agentId");
      skills = skills == null ? Set.of() : Set.copyOf(skills);
      if (load < 0 || capacity < 0) {
        throw new IllegalArgumentException(
            "agent " + agentId + " has negative load or capacity: " + load + "/" + capacity);
      }
    }
  }

  /**
   * One chat for one agent.
   *
   * @param overflowGroup the group through whose overflow rule the agent got the chat, or null (the chat's own group,
   *                      or a transfer to this agent)
   */
  public record Assignment(String conversationId, String agentId, String overflowGroup) {
    public Assignment(String conversationId, String agentId) {
      this(conversationId, agentId, null);
    }
  }

  /** Serving order of the queue; exposed so a queue view can show the same order. */
  public static final Comparator<QueuedChat> SERVING_ORDER = Comparator
      .comparing((QueuedChat c) -> !c.ticket())
      .thenComparingLong(c -> c.ticket() ? c.enqueuedAtMs() : c.deadlineMs())
      .thenComparing(c -> !c.vip())
      .thenComparingLong(QueuedChat::enqueuedAtMs)
      .thenComparing(QueuedChat::conversationId);

  private static final Comparator<PlannedAgent> LEAST_LOADED = Comparator
      .comparingInt((PlannedAgent a) -> a.load)
      .thenComparing((a, b) -> Long.compare((long) a.load * b.capacity, (long) b.load * a.capacity))
      .thenComparingInt(a -> a.planTurn)
      .thenComparingLong(a -> a.lastAssignedMs)
      .thenComparing(a -> a.agentId);

  private final Map<String, OverflowRule> overflow;
  private final Clock clock;

  /** A planner without overflow rules. */
  public AssignmentPlanner() {
    this(List.of(), Clock.systemUTC());
  }

  /**
   * @param overflow at most one rule per group
   * @param clock    the time overflow waits are measured at (the server's clock, or a simulation's virtual one)
   */
  public AssignmentPlanner(Collection<OverflowRule> overflow, Clock clock) {
    List<String> problems = OverflowRule.problems(overflow);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Map<String, OverflowRule> byGroup = new HashMap<>();
    overflow.forEach(rule -> byGroup.put(rule.from(), rule));
    this.overflow = Map.copyOf(byGroup);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The overflow rule of a group, or null. */
  public OverflowRule overflowOf(String group) {
    return overflow.get(group);
  }

  /**
   * The earliest moment after now at which one of these chats becomes eligible for an overflow group (epoch ms), or
   * {@code Long.MAX_VALUE}: when to plan again even if nothing else happens.
   */
  public long nextOverflowAtMs(Collection<QueuedChat> queued) {
    long now = clock.millis();
    long next = Long.MAX_VALUE;
    for (QueuedChat chat : queued) {
      OverflowRule rule = overflow.get(chat.skill());
      if (rule != null && chat.preferredAgent() == null && !rule.applies(chat.enqueuedAtMs(), now)) {
        next = Math.min(next, rule.eligibleAtMs(chat.enqueuedAtMs()));
      }
    }
    return next;
  }

  /** Assignments for as many queued chats as the agents' free slots allow, in serving order. */
  public List<Assignment> plan(Collection<QueuedChat> queued, Collection<AgentSlot> agents) {
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(agents, "agents");
    Map<String, PlannedAgent> byId = new HashMap<>();
    Map<String, List<PlannedAgent>> bySkill = new HashMap<>();
    for (AgentSlot slot : agents) {
      PlannedAgent agent = new PlannedAgent(Objects.requireNonNull(slot, "agent slot"));
      if (byId.put(agent.agentId, agent) != null) {
        throw new IllegalArgumentException("agent " + agent.agentId + " listed twice");
      }
      for (String skill : slot.skills()) {
        bySkill.computeIfAbsent(skill, s -> new ArrayList<>()).add(agent);
      }
    }
    List<QueuedChat> order = new ArrayList<>(queued.size());
    Set<String> seen = new HashSet<>();
    for (QueuedChat chat : queued) {
      Objects.requireNonNull(chat, "queued chat");
      if (!seen.add(chat.conversationId())) {
        throw new IllegalArgumentException("conversation " + chat.conversationId() + " queued twice");
      }
      order.add(chat);
    }
    order.sort(SERVING_ORDER);

    long now = clock.millis();
    List<Assignment> plan = new ArrayList<>();
    int turn = 0;
    for (QueuedChat chat : order) {
      String via = null;
      PlannedAgent chosen;
      if (chat.preferredAgent() != null) {
        chosen = preferred(byId.get(chat.preferredAgent()));
      } else {
        chosen = leastLoaded(chat, bySkill.getOrDefault(chat.skill(), List.of()));
        OverflowRule rule = overflow.get(chat.skill());
        if (chosen == null && rule != null && rule.applies(chat.enqueuedAtMs(), now)) {
          chosen = leastLoaded(chat, bySkill.getOrDefault(rule.to(), List.of()));
          via = rule.to();
        }
      }
      if (chosen != null) {
        chosen.load++;
        chosen.planTurn = ++turn;
        plan.add(new Assignment(chat.conversationId(), chosen.agentId, via));
      }
    }
    return plan;
  }

  private static PlannedAgent preferred(PlannedAgent agent) {
    return agent != null && agent.hasFreeSlot() ? agent : null;
  }

  private static PlannedAgent leastLoaded(QueuedChat chat, List<PlannedAgent> withSkill) {
    PlannedAgent best = null;
    for (PlannedAgent agent : withSkill) {
      if (agent.hasFreeSlot() && !chat.excludedAgents().contains(agent.agentId)
          && (best == null || LEAST_LOADED.compare(agent, best) < 0)) {
        best = agent;
      }
    }
    return best;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** An agent's load as this plan fills it. */
  private static final class PlannedAgent {
    final String agentId;
    final int capacity;
    final long lastAssignedMs;
    int load;
    /** 0 until assigned in this plan, then the plan's running count at that moment. */
    int planTurn;

    PlannedAgent(AgentSlot slot) {
      agentId = slot.agentId();
      capacity = slot.capacity();
      lastAssignedMs = slot.lastAssignedMs();
      load = slot.load();
    }

    boolean hasFreeSlot() {
      return load < capacity;
    }
  }
}
