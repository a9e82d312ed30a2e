package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.AssignmentPlanner.Assignment;
import io.kefu.routing.AssignmentPlanner.QueuedChat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Overflow pool rules in the planner: when a chat becomes eligible for another group, and who still goes first. */
class OverflowRuleTest {
  private static final long NOW = 1_000_000;
  private static final OverflowRule PRESALE_TO_SERVICE = new OverflowRule("presale", "service", Duration.ofSeconds(120));

  private static AssignmentPlanner planner(OverflowRule... rules) {
    return new AssignmentPlanner(List.of(rules), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  }

  private static QueuedChat presale(String id, long waitedMs) {
    return new QueuedChat(id, "presale", NOW - waitedMs + 300_000, NOW - waitedMs, false, false, null, Set.of());
  }

  private static AgentSlot agent(String id, int load, String... groups) {
    return new AgentSlot(id, Set.of(groups), load, 3, 0);
  }

  @Test
  void aChatGoesToTheOverflowGroupOnlyOnceItHasWaitedTheRulesTime() {
    AssignmentPlanner planner = planner(PRESALE_TO_SERVICE);
    List<AgentSlot> onlyService = List.of(agent("svc", 0, "service"));

    assertThat(planner.plan(List.of(presale("early", 119_999)), onlyService)).isEmpty();
    assertThat(planner.plan(List.of(presale("due", 120_000)), onlyService))
        .containsExactly(new Assignment("due", "svc", "service"));
    assertThat(new AssignmentPlanner().plan(List.of(presale("due", 120_000)), onlyService))
        .as("without the rule the service agent never gets a presale chat").isEmpty();
  }

  @Test
  void theChatsOwnGroupKeepsFirstCallAndTheOverflowIsOneHop() {
    AssignmentPlanner planner = planner(PRESALE_TO_SERVICE, new OverflowRule("service", "vip", Duration.ZERO));
    List<Assignment> plan = planner.plan(List.of(presale("long", 600_000)),
        List.of(agent("svc", 0, "service"), agent("seller", 2, "presale")));
    assertThat(plan).as("the busier presale agent still has a slot and wins over the idle service agent")
        .containsExactly(new Assignment("long", "seller", null));

    assertThat(planner.plan(List.of(presale("long", 600_000)), List.of(agent("v", 0, "vip"))))
        .as("service -> vip does not carry presale chats on").isEmpty();
  }

  @Test
  void overflowingChatsKeepTheirPlaceInTheServingOrderAgainstTheTargetGroupsOwnChats() {
    AssignmentPlanner planner = planner(PRESALE_TO_SERVICE);
    // the overflowing presale chat's deadline is nearer than the service chat that just arrived
    QueuedChat own = new QueuedChat("own", "service", NOW + 300_000, NOW, false, false, null, Set.of());
    List<Assignment> plan = planner.plan(List.of(own, presale("long", 200_000)), List.of(
        new AgentSlot("svc", Set.of("service"), 2, 3, 0)));
    assertThat(plan).containsExactly(new Assignment("long", "svc", "service"));
  }

  @Test
  void transfersToAPersonAndExcludedAgentsAreRespected() {
    AssignmentPlanner planner = planner(PRESALE_TO_SERVICE);
    QueuedChat toAmy = new QueuedChat("t", "presale", NOW, NOW - 600_000, false, false, "amy", Set.of());
    QueuedChat notBob = new QueuedChat("x", "presale", NOW, NOW - 600_000, false, false, null, Set.of("bob"));
    List<Assignment> plan = planner.plan(List.of(toAmy, notBob), List.of(agent("bob", 0, "service")));
    assertThat(plan).isEmpty();
  }

  @Test
  void theNextOverflowMomentIsTheEarliestChatNotYetEligible() {
    AssignmentPlanner planner = planner(PRESALE_TO_SERVICE);
    QueuedChat other = new QueuedChat("o", "service", NOW, NOW - 5_000, false, false, null, Set.of());
    assertThat(planner.nextOverflowAtMs(List.of(presale("a", 100_000), presale("b", 30_000), presale("c", 200_000),
        other))).isEqualTo(NOW + 20_000);
    assertThat(planner.nextOverflowAtMs(List.of(other))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void badRulesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new OverflowRule("a", "a", Duration.ofSeconds(1))).hasMessageContaining("itself");
    assertThatThrownBy(() -> new OverflowRule("a", "b", Duration.ofSeconds(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> planner(new OverflowRule("a", "b", Duration.ZERO), new OverflowRule("a", "c",
        Duration.ZERO))).hasMessageContaining("group a has more than one overflow rule");
  }
}
