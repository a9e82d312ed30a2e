package io.kefu.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The smallest roster per report interval (and group) that meets the target in every interval, found greedily on
 * the same random streams: start from Erlang C's head count per interval, add one agent to the interval with the
 * worst SLA % until every interval meets the target, then take agents away while every interval still meets it
 * (first one from every interval well above the target at once, then one at a time, most slack first). Each step re-simulates all replications; the search stops after {@code maxEvaluations} of them.
 */
public final class RosterSearch {
  /** SLA % points above the target from which the coarse step takes an agent away. */
  private static final double COARSE_MARGIN = 0.04;

  private RosterSearch() {
  }

  /**
   * @param scenario    the scenario with the roster found (shifts at interval starts)
   * @param report      its simulation
   * @param agents      agents per group (rows, in the scenario's order) and interval (columns)
   * @param evaluations simulations run (each of all replications)
   * @param met         every interval meets the target
   */
  public record Result(SlaScenario scenario, SlaReport report, int[][] agents, int evaluations, boolean met) {
    /** Agent-hours of this roster. */
    public double agentHours() {
      return RosterSearch.agentHours(scenario);
    }

    /** One line per group: agents per interval, with the interval start times. */
    public String table() {
      StringBuilder out = new StringBuilder();
      long intervalMs = scenario.interval().toMillis();
      out.append(String.format(Locale.ROOT, "%-12s", "start"));
      for (int i = 0; i < agents[0].length; i++) {
        long minutes = i * intervalMs / 60_000;
        out.append(String.format(Locale.ROOT, " %5s", String.format(Locale.ROOT, "%d:%02d", minutes / 60,
            minutes % 60)));
      }
      out.append('\n');
      double[] sla = report.intervalAttainment(null);
      for (int g = 0; g < agents.length; g++) {
        out.append(String.format(Locale.ROOT, "%-12s", scenario.groups().get(g).name()));
        for (int n : agents[g]) {
          out.append(String.format(Locale.ROOT, " %5d", n));
        }
        out.append('\n');
      }
      out.append(String.format(Locale.ROOT, "%-12s", "SLA%"));
      for (double v : sla) {
        out.append(String.format(Locale.ROOT, " %5.1f", v * 100));
      }
      out.append('\n');
      return out.toString();
    }
  }

  public static Result perInterval(SlaScenario base, SlaSimulation.Policy policy, int maxEvaluations) {
    int groups = base.groups().size();
    long intervalMs = base.interval().toMillis();
    int intervals = (int) ((base.length().toMillis() + intervalMs - 1) / intervalMs);
    int[][] agents = new int[groups][intervals];
    for (int g = 0; g < groups; g++) {
      SlaScenario.Group group = base.groups().get(g);
      for (int i = 0; i < intervals; i++) {
        double rate = base.escalationRateAt(Duration.ofMillis(i * intervalMs + intervalMs / 2)) * group.share();
        agents[g][i] = SlaReport.erlangAgents(base, rate);
      }
    }
    int evaluations = 0;
    SlaScenario current = withRoster(base, agents);
    SlaReport report = SlaReport.simulate(current, policy);
    evaluations++;
    // up: one agent more where the SLA is worst, until every interval meets the target
    while (true) {
      int[] worst = worst(report, base, intervals);
      if (worst == null || evaluations >= maxEvaluations) {
        break;
      }
      agents[worst[0]][worst[1]]++;
      current = withRoster(base, agents);
      report = SlaReport.simulate(current, policy);
      evaluations++;
    }
    if (worst(report, base, intervals) != null) {
      return new Result(current, report, copy(agents), evaluations, false);
    }
    // down, coarse: one agent less in every interval well above the target at once, while that still meets it
    while (evaluations < maxEvaluations) {
      List<int[]> slack = bySlack(report, base, agents, COARSE_MARGIN);
      if (slack.isEmpty()) {
        break;
      }
      slack.forEach(cell -> agents[cell[0]][cell[1]]--);
      SlaScenario trial = withRoster(base, agents);
      SlaReport trialReport = SlaReport.simulate(trial, policy);
      evaluations++;
      if (worst(trialReport, base, intervals) != null) {
        slack.forEach(cell -> agents[cell[0]][cell[1]]++);
        break;
      }
      current = trial;
      report = trialReport;
    }
    // down, fine: one agent less wherever every interval still meets it, most slack first, until nothing changes
    boolean changed = true;
    while (changed && evaluations < maxEvaluations) {
      changed = false;
      for (int[] cell : bySlack(report, base, agents, 0)) {
        if (evaluations >= maxEvaluations) {
          break;
        }
        agents[cell[0]][cell[1]]--;
        SlaScenario trial = withRoster(base, agents);
        SlaReport trialReport = SlaReport.simulate(trial, policy);
        evaluations++;
        if (worst(trialReport, base, intervals) == null) {
          current = trial;
          report = trialReport;
          changed = true;
        } else {
          agents[cell[0]][cell[1]]++;
        }
      }
    }
    return new Result(current, report, copy(agents), evaluations, true);
  }

  /** Agent-hours of a scenario's roster (all groups), counted at one-minute resolution. */
  public static double agentHours(SlaScenario scenario) {
    double sum = 0;
    for (long minute = 0; minute < scenario.length().toMinutes(); minute++) {
      sum += scenario.agentsAt(Duration.ofMinutes(minute));
    }
    return sum / 60;
  }

  /** The (group, interval) whose SLA % is lowest below the target, or null when every one meets it. */
  private static int[] worst(SlaReport report, SlaScenario base, int intervals) {
    int[] worst = null;
    double lowest = base.target();
    for (int g = 0; g < base.groups().size(); g++) {
      double[] sla = report.intervalAttainment(base.groups().size() == 1 ? null : base.groups().get(g).name());
      for (int i = 0; i < intervals; i++) {
        if (sla[i] < lowest) {
          lowest = sla[i];
          worst = new int[] {g, i};
        }
      }
    }
    return worst;
  }

  /** Cells with at least one agent and more than {@code margin} above the target, the most SLA % above it first. */
  private static List<int[]> bySlack(SlaReport report, SlaScenario base, int[][] agents, double margin) {
    List<int[]> cells = new ArrayList<>();
    List<double[]> sla = new ArrayList<>();
    for (int g = 0; g < base.groups().size(); g++) {
      sla.add(report.intervalAttainment(base.groups().size() == 1 ? null : base.groups().get(g).name()));
      for (int i = 0; i < agents[g].length; i++) {
        if (agents[g][i] > 0 && sla.get(g)[i] >= base.target() + margin) {
          cells.add(new int[] {g, i});
        }
      }
    }
    cells.sort(Comparator.comparingDouble((int[] c) -> -sla.get(c[0])[c[1]]).thenComparingInt(c -> c[1]));
    return cells;
  }

  /** The scenario with these head counts per group and interval (consecutive equal counts make one shift). */
  static SlaScenario withRoster(SlaScenario base, int[][] agents) {
    List<SlaScenario.Group> groups = new ArrayList<>();
    for (int g = 0; g < agents.length; g++) {
      List<SlaScenario.Shift> roster = new ArrayList<>();
      for (int i = 0; i < agents[g].length; i++) {
        if (i == 0 || agents[g][i] != agents[g][i - 1]) {
          roster.add(new SlaScenario.Shift(base.interval().multipliedBy(i), agents[g][i]));
        }
      }
      SlaScenario.Group group = base.groups().get(g);
      groups.add(new SlaScenario.Group(group.name(), group.share(), roster));
    }
    return base.withGroups(groups);
  }

  private static int[][] copy(int[][] agents) {
    int[][] out = new int[agents.length][];
    for (int g = 0; g < agents.length; g++) {
      out[g] = agents[g].clone();
    }
    return out;
  }
}
