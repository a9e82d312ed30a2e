package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.AssignmentPlanner.Assignment;
import io.kefu.routing.AssignmentPlanner.QueuedChat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentPlannerTest {

  private final AssignmentPlanner planner = new AssignmentPlanner();

  private static QueuedChat chat(String id, String skill, long deadlineMs, long enqueuedAtMs) {
    return new QueuedChat(id, skill, deadlineMs, enqueuedAtMs, false, false, null, Set.of());
  }

  private static QueuedChat vip(String id, String skill, long deadlineMs, long enqueuedAtMs) {
    return new QueuedChat(id, skill, deadlineMs, enqueuedAtMs, true, false, null, Set.of());
  }

  private static QueuedChat ticket(String id, String skill, long deadlineMs, long enqueuedAtMs) {
    return new QueuedChat(id, skill, deadlineMs, enqueuedAtMs, false, true, null, Set.of());
  }

  private static AgentSlot agent(String id, int load, int capacity, String... skills) {
    return new AgentSlot(id, Set.of(skills), load, capacity, 0);
  }

  private static List<String> assignedChats(List<Assignment> plan) {
    return plan.stream().map(Assignment::conversationId).toList();
  }

  @Test
  void earliestDeadlineIsServedFirst() {
    List<Assignment> plan = planner.plan(
        List.of(chat("c300", "sales", 300, 1), chat("c100", "sales", 100, 2), chat("c200", "sales", 200, 3)),
        List.of(agent("a", 0, 2, "sales")));

    assertThat(assignedChats(plan)).containsExactly("c100", "c200");
  }

  @Test
  void vipWinsOnlyWhenDeadlinesTie() {
    List<Assignment> tie = planner.plan(
        List.of(chat("plain", "sales", 100, 1), vip("vip", "sales", 100, 2)),
        List.of(agent("a", 0, 1, "sales")));
    assertThat(assignedChats(tie)).containsExactly("vip");

    List<Assignment> earlier = planner.plan(
        List.of(chat("plain", "sales", 100, 1), vip("vip", "sales", 101, 2)),
        List.of(agent("a", 0, 1, "sales")));
    assertThat(assignedChats(earlier)).containsExactly("plain");
  }

  @Test
  void olderEnqueueThenIdBreakRemainingTies() {
    List<Assignment> plan = planner.plan(
        List.of(chat("b", "sales", 100, 5), chat("z", "sales", 100, 4), chat("a", "sales", 100, 5)),
        List.of(agent("x", 0, 3, "sales")));

    assertThat(assignedChats(plan)).containsExactly("z", "a", "b");
  }

  @Test
  void ticketsGoFirstOldestFirstWhateverTheirDeadline() {
    List<Assignment> plan = planner.plan(
        List.of(vip("live", "sales", 10, 1), ticket("newTicket", "sales", 1, 50), ticket("oldTicket", "sales", 900, 20)),
        List.of(agent("a", 0, 2, "sales")));

    assertThat(assignedChats(plan)).containsExactly("oldTicket", "newTicket");
  }

  @Test
  void agentsAreNeverFilledBeyondCapacity() {
    List<QueuedChat> chats = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chats.add(chat("c" + i, "sales", 100 + i, i));
    }
    List<Assignment> plan = planner.plan(chats,
        List.of(agent("a", 1, 2, "sales"), agent("b", 0, 3, "sales"), agent("full", 4, 4, "sales")));

    Map<String, Integer> perAgent = countPerAgent(plan);
    assertThat(perAgent).containsOnly(Map.entry("a", 1), Map.entry("b", 3));
    assertThat(assignedChats(plan)).containsExactly("c0", "c1", "c2", "c3");
  }

  @Test
  void chatGoesOnlyToAgentsWithItsSkillAndOthersAreStillServed() {
    List<Assignment> plan = planner.plan(
        List.of(chat("refund", "after_sales", 100, 1), chat("order", "sales", 200, 2)),
        List.of(agent("seller", 0, 3, "sales")));

    assertThat(plan).containsExactly(new Assignment("order", "seller"));
  }

  @Test
  void leastLoadedAgentIsChosen() {
    List<Assignment> plan = planner.plan(List.of(chat("c", "sales", 100, 1)),
        List.of(agent("busy", 2, 5, "sales"), agent("idle", 0, 5, "sales"), agent("some", 1, 5, "sales")));

    assertThat(plan).containsExactly(new Assignment("c", "idle"));
  }

  @Test
  void equalLoadPrefersLowerUtilisationThenOldestAssignmentThenId() {
    List<Assignment> byRatio = planner.plan(List.of(chat("c", "sales", 100, 1)),
        List.of(agent("small", 1, 2, "sales"), agent("large", 1, 4, "sales")));
    assertThat(byRatio).containsExactly(new Assignment("c", "large"));

    List<Assignment> byLastAssigned = planner.plan(List.of(chat("c", "sales", 100, 1)),
        List.of(new AgentSlot("recent", Set.of("sales"), 1, 3, 5_000),
            new AgentSlot("waiting", Set.of("sales"), 1, 3, 1_000)));
    assertThat(byLastAssigned).containsExactly(new Assignment("c", "waiting"));

    List<Assignment> byId = planner.plan(List.of(chat("c", "sales", 100, 1)),
        List.of(agent("bob", 0, 3, "sales"), agent("amy", 0, 3, "sales")));
    assertThat(byId).containsExactly(new Assignment("c", "amy"));
  }

  @Test
  void anAgentAssignedInThisPlanCountsAsMostRecentlyAssigned() {
    // amy is idle and waited longest, so she gets c1; then both have one chat and bob, not amy, gets c2.
    List<Assignment> plan = planner.plan(
        List.of(chat("c1", "sales", 1, 1), chat("c2", "sales", 2, 1), chat("c3", "sales", 3, 1)),
        List.of(new AgentSlot("amy", Set.of("sales"), 0, 3, 1_000),
            new AgentSlot("bob", Set.of("sales"), 1, 3, 2_000)));

    assertThat(plan).containsExactly(new Assignment("c1", "amy"), new Assignment("c2", "bob"),
        new Assignment("c3", "amy"));
  }

  @Test
  void transferToAnAgentWaitsForThatAgentOnly() {
    QueuedChat transfer = new QueuedChat("t", "sales", 1, 1, false, false, "bob", Set.of());
    List<AgentSlot> bobFull = List.of(agent("amy", 0, 3, "sales"), agent("bob", 3, 3, "sales"));
    assertThat(planner.plan(List.of(transfer), bobFull)).isEmpty();

    List<AgentSlot> bobFree = List.of(agent("amy", 0, 3, "sales"), agent("bob", 2, 3, "sales"));
    assertThat(planner.plan(List.of(transfer), bobFree)).containsExactly(new Assignment("t", "bob"));

    List<AgentSlot> bobOffline = List.of(agent("amy", 0, 3, "sales"));
    assertThat(planner.plan(List.of(transfer), bobOffline)).isEmpty();
  }

  @Test
  void transferReachesTheChosenAgentEvenWithoutTheSkill() {
    QueuedChat transfer = new QueuedChat("t", "sales", 1, 1, false, false, "lead", Set.of());

    assertThat(planner.plan(List.of(transfer), List.of(agent("lead", 0, 2, "supervision"))))
        .containsExactly(new Assignment("t", "lead"));
  }

  @Test
  void excludedAgentIsPassedOverEvenWhenLeastLoaded() {
    QueuedChat timedOut = new QueuedChat("c", "sales", 1, 1, false, false, null, Set.of("idle"));
    assertThat(planner.plan(List.of(timedOut), List.of(agent("idle", 0, 3, "sales"), agent("busy", 2, 3, "sales"))))
        .containsExactly(new Assignment("c", "busy"));

    assertThat(planner.plan(List.of(timedOut), List.of(agent("idle", 0, 3, "sales")))).isEmpty();
  }

  @Test
  void nothingQueuedOrNobodyOnlinePlansNothing() {
    assertThat(planner.plan(List.of(), List.of(agent("a", 0, 3, "sales")))).isEmpty();
    assertThat(planner.plan(List.of(chat("c", "sales", 1, 1)), List.of())).isEmpty();
  }

  @Test
  void inconsistentInputIsRejected() {
    assertThatThrownBy(() -> planner.plan(List.of(chat("c", "sales", 1, 1), chat("c", "sales", 2, 2)), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queued twice");
    assertThatThrownBy(() -> planner.plan(List.of(), List.of(agent("a", 0, 1), agent("a", 0, 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new QueuedChat("c", "sales", 1, 1, false, false, "bob", Set.of("bob")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excluded");
    assertThatThrownBy(() -> new QueuedChat("c", " ", 1, 1, false, false, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skill");
    assertThatThrownBy(() -> agent("a", -1, 2, "sales")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * On random snapshots: no chat twice, nobody over capacity, skills, transfers and exclusions honoured, and no chat
   * left waiting while an agent who could take it still has a free slot.
   */
  @Test
  void randomSnapshotsKeepEveryRuleAndLeaveNoServableChatBehind() {
    Random random = new Random(20250301);
    List<String> skills = List.of("sales", "after_sales", "billing");
    for (int round = 0; round < 300; round++) {
      List<AgentSlot> agents = new ArrayList<>();
      for (int i = random.nextInt(6); i > 0; i--) {
        Set<String> has = new HashSet<>();
        skills.forEach(s -> {
          if (random.nextBoolean()) {
            has.add(s);
          }
        });
        int capacity = random.nextInt(4);
        agents.add(new AgentSlot("a" + i, has, random.nextInt(capacity + 1), capacity, random.nextInt(10)));
      }
      List<QueuedChat> chats = new ArrayList<>();
      for (int i = random.nextInt(15); i > 0; i--) {
        String preferred = random.nextInt(8) == 0 ? "a" + (1 + random.nextInt(6)) : null;
        Set<String> excluded = random.nextInt(4) == 0 && preferred == null ? Set.of("a" + (1 + random.nextInt(6)))
            : Set.of();
        chats.add(new QueuedChat("c" + i, skills.get(random.nextInt(3)), random.nextInt(1000), random.nextInt(1000),
            random.nextBoolean(), random.nextInt(5) == 0, preferred, excluded));
      }

      List<Assignment> plan = planner.plan(chats, agents);

      Map<String, AgentSlot> agentById = new HashMap<>();
      agents.forEach(a -> agentById.put(a.agentId(), a));
      Map<String, QueuedChat> chatById = new HashMap<>();
      chats.forEach(c -> chatById.put(c.conversationId(), c));
      Map<String, Integer> added = countPerAgent(plan);
      assertThat(new HashSet<>(assignedChats(plan))).as("round %d: a chat assigned twice", round)
          .hasSize(plan.size());
      for (Assignment a : plan) {
        QueuedChat c = chatById.get(a.conversationId());
        AgentSlot agent = agentById.get(a.agentId());
        if (c.preferredAgent() != null) {
          assertThat(a.agentId()).as("round %d: transfer %s", round, c).isEqualTo(c.preferredAgent());
        } else {
          assertThat(agent.skills()).as("round %d: skill of %s", round, c).contains(c.skill());
          assertThat(c.excludedAgents()).as("round %d: exclusion of %s", round, c).doesNotContain(a.agentId());
        }
      }
      for (AgentSlot agent : agents) {
        int load = agent.load() + added.getOrDefault(agent.agentId(), 0);
        assertThat(load).as("round %d: load of %s", round, agent).isLessThanOrEqualTo(agent.capacity());
      }
      Set<String> assigned = new HashSet<>(assignedChats(plan));
      for (QueuedChat c : chats) {
        if (assigned.contains(c.conversationId())) {
          continue;
        }
        for (AgentSlot agent : agents) {
          boolean free = agent.load() + added.getOrDefault(agent.agentId(), 0) < agent.capacity();
          boolean eligible = c.preferredAgent() != null ? c.preferredAgent().equals(agent.agentId())
              : agent.skills().contains(c.skill()) && !c.excludedAgents().contains(agent.agentId());
          assertThat(free && eligible).as("round %d: %s left waiting although %s is free", round, c, agent)
              .isFalse();
        }
      }
    }
  }

  private static Map<String, Integer> countPerAgent(List<Assignment> plan) {
    Map<String, Integer> counts = new HashMap<>();
    plan.forEach(a -> counts.merge(a.agentId(), 1, Integer::sum));
    return counts;
  }
}
