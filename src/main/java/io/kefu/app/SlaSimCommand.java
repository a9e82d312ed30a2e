package io.kefu.app;

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

  @Option(names = "--find-roster", description = "search the smallest roster (scaled uniformly) meeting the target")
  boolean findRoster;

  @Override
  public Integer call() throws Exception {
    SlaScenario scenario = scenarioFile == null ? SlaScenario.double11() : SlaScenario.load(scenarioFile);
    if (replications != null) {
      scenario = new SlaScenario(scenario.phases(), scenario.containment(), scenario.vipShare(), scenario.handleMean(),
          scenario.handleShape(), scenario.handleCv(), scenario.reactionMean(), scenario.concurrency(),
          scenario.roster(), scenario.patienceMean(), scenario.sla(), scenario.target(), scenario.interval(),
          scenario.seed(), replications);
    }
    SlaReport edf = SlaReport.simulate(scenario, SlaSimulation.Policy.EDF);
    System.out.print(edf.text());
    if (compare) {
      SlaReport fifo = SlaReport.simulate(scenario, SlaSimulation.Policy.FIFO);
      System.out.printf(Locale.ROOT, "%npolicy comparison on the same customers:%n  edf   %s (VIP %s)%n  fifo  %s (VIP %s)%n",
          edf.attainment(), edf.attainment(true), fifo.attainment(), fifo.attainment(true));
    }
    if (findRoster) {
      for (int percent = 50; percent <= 300; percent += 5) {
        SlaScenario scaled = scenario.withRosterScaled(percent / 100.0);
        SlaReport report = SlaReport.simulate(scaled, SlaSimulation.Policy.EDF);
        if (report.passes()) {
          System.out.printf(Locale.ROOT, "%nsmallest roster meeting %s: %d%% of the scenario's, %s, SLA %s%n",
              SlaReportText.pct(scenario.target()), percent, scaled.roster(), report.attainment());
          break;
        }
      }
    }
    if (html != null) {
      Files.writeString(html, edf.html("Kefu SLA 模拟"), StandardCharsets.UTF_8);
      System.out.println("chart: " + html.toAbsolutePath());
    }
    System.out.println(edf.passes() ? "PASS" : "FAIL");
    return edf.passes() ? 0 : 1;
  }

  private static final class SlaReportText {
    static String pct(double v) {
      return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
  }
}
