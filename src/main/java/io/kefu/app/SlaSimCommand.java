package io.kefu.app;

import io.kefu.sim.RosterSearch;
import io.kefu.sim.SlaReport;
import io.kefu.sim.SlaScenario;
import io.kefu.sim.SlaSimulation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kefu sla-sim}: the Double-11 SLA simulator over the production routing code. */
@Command(name = "sla-sim", mixinStandardHelpOptions = true,
    description = "Simulate a day of escalations on a virtual clock with Kefu's routing code and report the SLA.")
final class SlaSimCommand implements Callable<Integer> {
  @Option(names = "--scenario", description = "scenario file (YAML); default: the built-in Double-11 day")
  Path scenarioFile;

  @Option(names = "--replications", description = "override the scenario's replications")
  Integer replications;

  @Option(names = "--html", description = "also write an HTML chart of SLA % and queue length here")
  Path html;

  @Option(names = "--compare", description = "also run the FIFO policy on the same customers")
  boolean compare;

  @Option(names = "--find-roster", description = "search the smallest roster meeting the target: all shifts scaled"
      + " uniformly, and per interval (and group)")
  boolean findRoster;

  @Option(names = "--search-budget", defaultValue = "150", description = "at most this many simulations (of all"
      + " replications) in the per-interval roster search (default: ${DEFAULT-VALUE})")
  int searchBudget;

  @Override
  public Integer call() throws Exception {
    SlaScenario scenario = scenarioFile == null ? SlaScenario.double11() : SlaScenario.load(scenarioFile);
    if (replications != null) {
      scenario = scenario.withReplications(replications);
    }
    SlaReport edf = SlaReport.simulate(scenario, SlaSimulation.Policy.EDF);
    System.out.print(edf.text());
    if (compare) {
      SlaReport fifo = SlaReport.simulate(scenario, SlaSimulation.Policy.FIFO);
      System.out.printf(Locale.ROOT, "%npolicy comparison on the same customers:%n  edf   %s (VIP %s)%n  fifo  %s (VIP %s)%n",
          edf.attainment(), edf.attainment(true), fifo.attainment(), fifo.attainment(true));
      if (!scenario.overflow().isEmpty()) {
        SlaReport closed = SlaReport.simulate(scenario.withOverflow(java.util.List.of()), SlaSimulation.Policy.EDF);
        System.out.printf(Locale.ROOT, "  edf without overflow  %s (VIP %s)%s%n", closed.attainment(),
            closed.attainment(true), groups(scenario, closed));
        System.out.printf(Locale.ROOT, "  edf with overflow     %s (VIP %s)%s; %.0f chats overflowed per run%n",
            edf.attainment(), edf.attainment(true), groups(scenario, edf), edf.overflowedPerRun());
      }
    }
    if (findRoster) {
      for (int percent = 50; percent <= 300; percent += 5) {
        SlaScenario scaled = scenario.withRosterScaled(percent / 100.0);
        SlaReport report = SlaReport.simulate(scaled, SlaSimulation.Policy.EDF);
        if (report.passes()) {
          System.out.printf(Locale.ROOT, "%nsmallest roster meeting %s: %d%% of the scenario's, %s, SLA %s,"
                  + " %.0f agent-hours (the scenario's: %.0f)%n", SlaReportText.pct(scenario.target()), percent,
              scaled.roster(), report.attainment(), RosterSearch.agentHours(scaled),
              RosterSearch.agentHours(scenario));
          break;
        }
      }
      RosterSearch.Result search = RosterSearch.perInterval(scenario, SlaSimulation.Policy.EDF, searchBudget);
      System.out.printf(Locale.ROOT, "%nroster per %d-minute interval (Erlang C start, then greedy on the same customers,"
              + " %d simulations): %s, total SLA %s, %.0f agent-hours%n%s",
          scenario.interval().toMinutes(), search.evaluations(), search.met() ? "every interval meets "
              + SlaReportText.pct(scenario.target()) : "NOT every interval meets " + SlaReportText.pct(scenario.target())
              + " within the search budget", search.report().attainment(), search.agentHours(), search.table());
    }
    if (html != null) {
      Files.writeString(html, edf.html("Kefu SLA 模拟"), StandardCharsets.UTF_8);
      System.out.println("chart: " + html.toAbsolutePath());
    }
    System.out.println(edf.passes() ? "PASS" : "FAIL");
    return edf.passes() ? 0 : 1;
  }

  private static String groups(SlaScenario scenario, SlaReport report) {
    StringBuilder out = new StringBuilder();
    for (SlaScenario.Group group : scenario.groups()) {
      out.append(", ").append(group.name()).append(' ').append(report.attainment(group.name()));
    }
    return out.toString();
  }

  private static final class SlaReportText {
    static String pct(double v) {
      return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
  }
}
