package io.kefu.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.routing.ErlangC;
import io.kefu.routing.OverflowRule;
import io.kefu.routing.SlaPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaSimulationTest {

  /** 720 escalations/h, exponential 240 s handling, 55 single-chat agents, 15 s SLA: Erlang C says 84.6 %. */
  private static SlaScenario stationary(int agents, int replications) {
    return new SlaScenario(List.of(new SlaScenario.Phase(Duration.ofHours(8), 720)), 0.0, 0.0,
        Duration.ofSeconds(240), "exponential", 0, Duration.ZERO, 1,
        List.of(new SlaScenario.Shift(Duration.ZERO, agents)), Duration.ZERO,
        new SlaPolicy(Duration.ofSeconds(15), Duration.ofSeconds(15), Map.of()), 0.8, Duration.ofHours(1), 7,
        replications);
  }

  @Test
  void stationaryScenarioAgreesWithErlangC() {
    SlaReport report = SlaReport.simulate(stationary(55, 10), SlaSimulation.Policy.EDF);
    double predicted = ErlangC.serviceLevel(0.2, 240, 55, 15);
    assertThat(predicted).isBetween(0.845, 0.847);
    SlaReport.Estimate simulated = report.attainment();
    assertThat(Math.abs(simulated.mean() - predicted))
        .as("simulated %s vs Erlang C %.3f", simulated, predicted)
        .isLessThanOrEqualTo(Math.max(simulated.halfWidth(), 0.01) * 1.5);
  }

  @Test
  void fewerAgentsThanTheLoadNeedsMissTheTarget() {
    SlaReport report = SlaReport.simulate(stationary(49, 3), SlaSimulation.Policy.EDF);
    double predicted = ErlangC.serviceLevel(0.2, 240, 49, 15);
    assertThat(report.passes()).isFalse();
    assertThat(report.attainment().mean()).isLessThan(0.8).isCloseTo(predicted, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void sameSeedGivesIdenticalOutputAndTheDefaultDayRuns() {
    SlaScenario day = SlaScenario.double11().withRosterScaled(1.0);
    String first = SlaReport.simulate(day, SlaSimulation.Policy.EDF).text();
    String second = SlaReport.simulate(day, SlaSimulation.Policy.EDF).text();
    assertThat(first).isEqualTo(second).contains("total SLA");
    assertThat(first.lines().filter(l -> l.matches("^\\d\\d:\\d\\d .*"))).hasSize(24);
  }

  @Test
  void edfServesVipsBeforeFifoDoesOnTheSameCustomers() {
    SlaScenario tight = new SlaScenario(List.of(new SlaScenario.Phase(Duration.ofHours(4), 1000)), 0.0, 0.3,
        Duration.ofSeconds(240), "exponential", 0, Duration.ofSeconds(10), 3,
        List.of(new SlaScenario.Shift(Duration.ZERO, 22)), Duration.ZERO, SlaPolicy.DEFAULT, 0.8,
        Duration.ofMinutes(15), 11, 3);
    SlaReport edf = SlaReport.simulate(tight, SlaSimulation.Policy.EDF);
    SlaReport fifo = SlaReport.simulate(tight, SlaSimulation.Policy.FIFO);
    assertThat(edf.attainment(true).mean()).isGreaterThan(fifo.attainment(true).mean());
  }

  /** Presale short of agents, service with some to spare; presale chats may overflow to service after 60 s. */
  private static SlaScenario twoGroups(List<OverflowRule> overflow) {
    return new SlaScenario(List.of(new SlaScenario.Phase(Duration.ofHours(4), 720)), 0.0, 0.1,
        Duration.ofSeconds(240), "exponential", 0, Duration.ofSeconds(10), 1,
        List.of(new SlaScenario.Group("presale", 0.5, List.of(new SlaScenario.Shift(Duration.ZERO, 24))),
            new SlaScenario.Group("service", 0.5, List.of(new SlaScenario.Shift(Duration.ZERO, 34)))),
        Duration.ofMinutes(10), SlaPolicy.DEFAULT, 0.8, Duration.ofMinutes(30), 5, 5, overflow,
        SlaScenario.FIRST_MESSAGE_TIMEOUT);
  }

  @Test
  void overflowToAGroupWithSpareAgentsRaisesTheSlaOnTheSameCustomers() {
    SlaScenario with = twoGroups(List.of(new OverflowRule("presale", "service", Duration.ofSeconds(60))));
    SlaReport closed = SlaReport.simulate(with.withOverflow(List.of()), SlaSimulation.Policy.EDF);
    SlaReport open = SlaReport.simulate(with, SlaSimulation.Policy.EDF);

    assertThat(closed.overflowedPerRun()).isZero();
    assertThat(open.overflowedPerRun()).isPositive();
    SlaReport.Estimate before = closed.attainment("presale");
    SlaReport.Estimate after = open.attainment("presale");
    assertThat(after.mean() - before.mean()).as("presale %s -> %s", before, after)
        .isGreaterThan(before.halfWidth() + after.halfWidth()).isGreaterThan(0.05);
    assertThat(open.attainment().mean()).isGreaterThan(closed.attainment().mean());
    assertThat(open.attainment("service").mean()).as("service still meets the target")
        .isGreaterThanOrEqualTo(with.target());
    assertThat(open.text()).contains("group presale").contains("overflow to service after 60s");
  }

  @Test
  void overflowThatNeverTriggersChangesNothing() {
    SlaScenario late = twoGroups(List.of(new OverflowRule("presale", "service", Duration.ofHours(5))));
    SlaReport withRule = SlaReport.simulate(late, SlaSimulation.Policy.EDF);
    SlaReport without = SlaReport.simulate(late.withOverflow(List.of()), SlaSimulation.Policy.EDF);
    assertThat(withRule.overflowedPerRun()).isZero();
    assertThat(withRule.attainment("presale")).isEqualTo(without.attainment("presale"));
    assertThat(withRule.attainment()).isEqualTo(without.attainment());
  }

  @Test
  void perIntervalRosterSearchMeetsEveryIntervalAndFollowsTheLoad() {
    SlaScenario day = new SlaScenario(List.of(new SlaScenario.Phase(Duration.ofHours(1), 120),
        new SlaScenario.Phase(Duration.ofHours(1), 600)), 0.0, 0.0, Duration.ofSeconds(240), "exponential", 0,
        Duration.ofSeconds(10), 1, List.of(new SlaScenario.Shift(Duration.ZERO, 30)), Duration.ofMinutes(10),
        SlaPolicy.DEFAULT, 0.8, Duration.ofMinutes(30), 3, 3);
    RosterSearch.Result result = RosterSearch.perInterval(day, SlaSimulation.Policy.EDF, 80);

    assertThat(result.met()).isTrue();
    assertThat(result.evaluations()).isLessThanOrEqualTo(80);
    assertThat(java.util.Arrays.stream(result.report().intervalAttainment(null)).min().orElseThrow())
        .isGreaterThanOrEqualTo(0.8);
    int[] agents = result.agents()[0];
    assertThat(agents).hasSize(4);
    assertThat(agents[2]).as("the busy hour needs more agents than the quiet one: %s", java.util.Arrays.toString(agents))
        .isGreaterThan(agents[0] + 5);
    assertThat(result.agentHours()).isLessThan(RosterSearch.agentHours(day));
    assertThat(RosterSearch.perInterval(day, SlaSimulation.Policy.EDF, 80).agents()).isDeepEqualTo(result.agents());
  }

  @Test
  void slowAgentsHitTheFirstMessageTimeoutAndTheChatGoesToAnother() {
    SlaScenario slow = new SlaScenario(List.of(new SlaScenario.Phase(Duration.ofHours(2), 120)), 0.0, 0.0,
        Duration.ofSeconds(240), "exponential", 0, Duration.ofSeconds(60), 1,
        List.of(new SlaScenario.Shift(Duration.ZERO, 20)), Duration.ZERO, SlaPolicy.DEFAULT, 0.8,
        Duration.ofMinutes(30), 9, 3);
    SlaReport patientKefu = SlaReport.simulate(slow.withFirstMessageTimeout(Duration.ZERO), SlaSimulation.Policy.EDF);
    SlaReport strictKefu = SlaReport.simulate(slow.withFirstMessageTimeout(Duration.ofSeconds(30)),
        SlaSimulation.Policy.EDF);
    double requeued = strictKefu.runs().stream().mapToInt(r -> r.requeued).average().orElse(0);
    // each assignment times out with p = P(reaction > 30 s) = e^-0.5 for a 60 s mean (a fresh reaction every time):
    // 240 customers x p / (1 - p) = 370 re-queues expected
    assertThat(requeued).isBetween(290.0, 450.0);
    assertThat(patientKefu.runs().stream().mapToInt(r -> r.requeued).sum()).isZero();
    assertThat(strictKefu.text()).contains("re-queued after the first-message timeout of 30s");
    // nearly every customer is still answered by another agent (nobody leaves, agents are plenty), just later
    SlaSimulation.ClassStats strict = strictKefu.runs().get(0).byVip.get(false);
    assertThat(strict.answered).isGreaterThanOrEqualTo((int) (0.97 * strict.escalated));
    double strictMedian = strict.frtMs.stream().mapToLong(Long::longValue).sorted().skip(strict.frtMs.size() / 2)
        .findFirst().orElseThrow();
    SlaSimulation.ClassStats patient = patientKefu.runs().get(0).byVip.get(false);
    double patientMedian = patient.frtMs.stream().mapToLong(Long::longValue).sorted().skip(patient.frtMs.size() / 2)
        .findFirst().orElseThrow();
    assertThat(strictMedian).isGreaterThan(patientMedian);
  }

  @Test
  void badGroupsAndOverflowRulesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.yml");
    Files.writeString(file, "groups:\n  - {name: a, share: 0.5, roster: [{from: 0s, agents: 2}]}\n"
        + "  - {name: b, share: 0.4, roster: [{from: 0s, agents: 2}]}\noverflow:\n  a: {to: c, after: 60s}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlaScenario.load(file))
        .hasMessageContaining("the shares must add up to 1")
        .hasMessageContaining("overflow.a: both groups must be in 'groups'");
    Files.writeString(file, "roster: [{from: 0s, agents: 2}]\ngroups: [{name: a, roster: [{from: 0s, agents: 1}]}]\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlaScenario.load(file)).hasMessageContaining("not both");
    Files.writeString(file, "rooster: [{from: 0s, agents: 2}]\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlaScenario.load(file))
        .hasMessageContaining("unknown key(s) [rooster]");
    Files.writeString(file, "groups:\n  - {name: a, share: 0.5, roster: [{from: 0s, agents: 2}]}\n"
        + "  - {name: b, share: 0.5, roster: [{from: 0s, agents: 2}]}\noverflow:\n  a: {to: b, after: 60s}\n");
    SlaScenario ok = SlaScenario.load(file);
    assertThat(ok.overflow()).containsExactly(new OverflowRule("a", "b", Duration.ofSeconds(60)));
    assertThat(ok.agentsAt(Duration.ZERO)).isEqualTo(4);
  }

  @Test
  void scenarioFileOverridesTheDefaults(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.yml");
    Files.writeString(file, "profile:\n  - {duration: 1h, arrivalsPerHour: 100}\nroster:\n  - {from: 0s, agents: 2}\n"
        + "replications: 2\nsla: {standard: 200s}\n");
    SlaScenario s = SlaScenario.load(file);
    assertThat(s.length()).isEqualTo(Duration.ofHours(1));
    assertThat(s.agentsAt(Duration.ofMinutes(30))).isEqualTo(2);
    assertThat(s.sla().standard()).isEqualTo(Duration.ofSeconds(200));
    Files.writeString(file, "roster:\n  - {from: 1h, agents: 2}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlaScenario.load(file))
        .hasMessageContaining("roster: the first shift starts at 0");
  }
}
