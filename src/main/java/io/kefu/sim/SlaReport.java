package io.kefu.sim;

import io.kefu.routing.ErlangC;
import io.kefu.routing.OverflowRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Replications of a scenario, summed up: per interval, per class with confidence intervals, PASS or FAIL. */
public final class SlaReport {
  private final SlaScenario scenario;
  private final SlaSimulation.Policy policy;
  private final List<SlaSimulation.Run> runs;

  private SlaReport(SlaScenario scenario, SlaSimulation.Policy policy, List<SlaSimulation.Run> runs) {
    this.scenario = scenario;
    this.policy = policy;
    this.runs = runs;
  }

  /** Runs every replication (seed, seed + 1, …). */
  public static SlaReport simulate(SlaScenario scenario, SlaSimulation.Policy policy) {
    List<SlaSimulation.Run> runs = new ArrayList<>();
    for (int r = 0; r < scenario.replications(); r++) {
      runs.add(new SlaSimulation(scenario, policy, scenario.seed() + r).run());
    }
    return new SlaReport(scenario, policy, runs);
  }

  /** Mean and 95 % half-width over replications. */
  public record Estimate(double mean, double halfWidth) {
    static Estimate of(List<Double> values) {
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      if (values.size() < 2) {
        return new Estimate(mean, Double.NaN);
      }
      double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
      return new Estimate(mean, 1.96 * Math.sqrt(var / values.size()));
    }

    @Override
    public String toString() {
      return Double.isNaN(halfWidth) ? pct(mean) : pct(mean) + " ± " + pct(halfWidth);
    }
  }

  /** SLA attainment over the whole run (both classes). */
  public Estimate attainment() {
    return Estimate.of(runs.stream().map(r -> {
      int met = 0;
      int base = 0;
      for (SlaSimulation.ClassStats c : r.byVip.values()) {
        met += c.met;
        base += c.answered + c.abandoned + c.abandonedAfterSla;
      }
      return base == 0 ? 1.0 : (double) met / base;
    }).toList());
  }

  public Estimate attainment(boolean vip) {
    return Estimate.of(runs.stream().map(r -> r.byVip.get(vip).attainment()).toList());
  }

  public boolean passes() {
    return attainment().mean() >= scenario.target();
  }

  public List<SlaSimulation.Run> runs() {
    return runs;
  }

  /** SLA attainment of one group's escalations over the whole run. */
  public Estimate attainment(String group) {
    return Estimate.of(runs.stream().map(r -> r.byGroup.get(group).attainment()).toList());
  }

  /** Chats per run that an agent of their overflow group took. */
  public double overflowedPerRun() {
    return runs.stream().mapToInt(r -> r.overflowed).average().orElse(0);
  }

  /** Per interval: the replications' mean attainment of the escalations of that interval (all groups, or one). */
  public double[] intervalAttainment(String group) {
    int n = runs.get(0).intervals.size();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int index = i;
      out[i] = runs.stream().mapToDouble(r -> (group == null ? r.intervals : r.groupIntervals.get(group)).get(index)
          .attainment()).average().orElse(1);
    }
    return out;
  }

  /**
   * Erlang C's service level for an interval, from its escalation rate, agents on shift and holding time; with
   * several groups each group on its own (no overflow), weighted by its escalations.
   */
  public double erlangPrediction(SlaSimulation.IntervalStats interval) {
    Duration middle = Duration.ofMillis(interval.startMs + scenario.interval().toMillis() / 2);
    double rate = scenario.escalationRateAt(middle);
    if (rate == 0) {
      return 1.0;
    }
    double weighted = 0;
    for (SlaScenario.Group group : scenario.groups()) {
      weighted += group.share() * erlang(scenario, rate * group.share(),
          group.agentsAt(Duration.ofMillis(interval.startMs)));
    }
    return weighted;
  }

  /** Erlang C's service level of {@code agents} agents for escalations at {@code rate} per second. */
  static double erlang(SlaScenario scenario, double rate, int agents) {
    double holding = (scenario.handleMean().toMillis() + scenario.reactionMean().toMillis()) / 1000.0;
    double target = Math.max(0, (scenario.sla().standard().toMillis() - scenario.reactionMean().toMillis()) / 1000.0);
    return rate == 0 ? 1.0 : ErlangC.serviceLevel(rate, holding, agents * scenario.concurrency(), target);
  }

  /** Erlang C's head count for a group's escalations at {@code rate} per second to reach the scenario's target. */
  static int erlangAgents(SlaScenario scenario, double rate) {
    double holding = (scenario.handleMean().toMillis() + scenario.reactionMean().toMillis()) / 1000.0;
    double target = Math.max(0, (scenario.sla().standard().toMillis() - scenario.reactionMean().toMillis()) / 1000.0);
    return rate == 0 ? 0 : (int) Math.ceil((double) ErlangC.requiredServers(rate, holding, target, scenario.target())
        / scenario.concurrency());
  }

  /** The per-interval table (replication means) and the totals. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "policy %s, %d replication(s), SLA %ds standard / %ds VIP, target %s%n",
        policy.name().toLowerCase(Locale.ROOT), runs.size(), scenario.sla().standard().toSeconds(),
        scenario.sla().vip().toSeconds(), pct(scenario.target())));
    out.append(String.format(Locale.ROOT, "%-6s %7s %6s %5s %8s %8s %8s %8s %6s %6s %8s%n", "start", "arrive",
        "escal", "agents", "SLA%", "FRTp50", "FRTp90", "FRTp99", "queue", "occ", "ErlangC"));
    int n = runs.get(0).intervals.size();
    for (int i = 0; i < n; i++) {
      int index = i;
      SlaSimulation.IntervalStats first = runs.get(0).intervals.get(i);
      double escalations = runs.stream().mapToInt(r -> r.intervals.get(index).escalations).average().orElse(0);
      double arrivals = escalations / (1 - scenario.containment());
      double sla = runs.stream().mapToDouble(r -> r.intervals.get(index).attainment()).average().orElse(1);
      double queue = runs.stream().mapToInt(r -> r.intervals.get(index).queueAtEnd).average().orElse(0);
      double occupancy = runs.stream().mapToDouble(r -> r.intervals.get(index).occupancy()).average().orElse(0);
      List<Long> frts = new ArrayList<>();
      runs.forEach(r -> frts.addAll(r.intervals.get(index).frtMs));
      frts.sort(Long::compare);
      out.append(String.format(Locale.ROOT, "%-6s %7.0f %6.0f %5d %8s %7ss %7ss %7ss %6.0f %6s %8s%n",
          Instant.ofEpochMilli(first.startMs).atOffset(ZoneOffset.UTC).toLocalTime().toString().substring(0, 5),
          arrivals, escalations, first.agentsOnShift, pct(sla), secs(frts, 0.5), secs(frts, 0.9), secs(frts, 0.99),
          queue, pct(occupancy), pct(erlangPrediction(first))));
    }
    out.append("SLA % = first human reply within the SLA / all escalations (customers who gave up count as missed)\n");
    out.append(String.format(Locale.ROOT, "total SLA %s (VIP %s, standard %s); breaches %.0f, abandoned %.0f per run%n",
        attainment(), attainment(true), attainment(false),
        runs.stream().mapToInt(r -> r.breaches).average().orElse(0),
        runs.stream().mapToInt(r -> r.byVip.get(true).abandoned + r.byVip.get(false).abandoned).average().orElse(0)));
    if (!scenario.firstMessageTimeout().isZero()) {
      out.append(String.format(Locale.ROOT, "re-queued after the first-message timeout of %ds: %.0f per run%n",
          scenario.firstMessageTimeout().toSeconds(), runs.stream().mapToInt(r -> r.requeued).average().orElse(0)));
    }
    if (scenario.groups().size() > 1) {
      for (SlaScenario.Group group : scenario.groups()) {
        OverflowRule rule = scenario.overflow().stream().filter(r -> r.from().equals(group.name())).findFirst()
            .orElse(null);
        out.append(String.format(Locale.ROOT, "  group %-12s SLA %s, %.0f escalations per run%s%n", group.name(),
            attainment(group.name()), runs.stream().mapToInt(r -> r.byGroup.get(group.name()).escalated).average()
                .orElse(0), rule == null ? "" : ", overflow to " + rule.to() + " after " + rule.after().toSeconds()
                + "s"));
      }
      out.append(String.format(Locale.ROOT, "  %.0f chats per run taken by an agent of their overflow group%n",
          overflowedPerRun()));
    }
    return out.toString();
  }

  /** A self-contained HTML page with an SVG chart of SLA % and queue length over time. */
  public String html(String title) {
    int n = runs.get(0).intervals.size();
    double[] sla = new double[n];
    double[] queue = new double[n];
    double maxQueue = 1;
    for (int i = 0; i < n; i++) {
      int index = i;
      sla[i] = runs.stream().mapToDouble(r -> r.intervals.get(index).attainment()).average().orElse(1);
      queue[i] = runs.stream().mapToInt(r -> r.intervals.get(index).queueAtEnd).average().orElse(0);
      maxQueue = Math.max(maxQueue, queue[i]);
    }
    int w = 900;
    int h = 320;
    double step = (double) (w - 60) / Math.max(1, n - 1);
    StringBuilder slaLine = new StringBuilder();
    StringBuilder queueLine = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = 40 + i * step;
      slaLine.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, 20 + (1 - sla[i]) * (h - 60)));
      queueLine.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, 20 + (1 - queue[i] / maxQueue) * (h - 60)));
    }
    double targetY = 20 + (1 - scenario.target()) * (h - 60);
    return "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>" + title + "</title>"
        + "<body style=\"font-family:sans-serif\"><h2>" + title + "</h2>"
        + "<p>SLA 达成率（蓝，左轴 0–100%）与排队长度（橙，右轴 0–" + Math.round(maxQueue) + "），每 "
        + scenario.interval().toMinutes() + " 分钟；虚线为目标 " + pct(scenario.target()) + "。总体 " + attainment()
        + (passes() ? " PASS" : " FAIL") + "</p>"
        + "<svg width=\"" + w + "\" height=\"" + h + "\" style=\"border:1px solid #ddd\">"
        + "<line x1=\"40\" x2=\"" + (w - 20) + "\" y1=\"" + targetY + "\" y2=\"" + targetY
        + "\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>"
        + "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"" + slaLine + "\"/>"
        + "<polyline fill=\"none\" stroke=\"#e8710a\" stroke-width=\"2\" points=\"" + queueLine + "\"/>"
        + "</svg><pre>" + text().replace("<", "&lt;") + "</pre></body></html>";
  }

  private static String secs(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return "-";
    }
    return Long.toString(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1000);
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }
}
