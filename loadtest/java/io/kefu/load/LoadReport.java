package io.kefu.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The printed result of a load run and the verdict against the scenario's objectives. */
public final class LoadReport {

  /** What the server did with the acknowledged pushes (read from its metrics and the fake WeChat API). */
  public record AsyncTally(long acknowledgedAsync, long sent, long failed, long responderFailed, long apiReceived) {
    public long answered() {
      return sent + failed + responderFailed;
    }
  }

  /** One run with the machine load around it. */
  public record Run(OpenLoopRun.Result result, AsyncTally async, MachineLoad before, MachineLoad after) {
  }

  private LoadReport() {
  }

  public static void header(PrintStream out, LoadScenario s) {
    out.printf(Locale.ROOT, "scenario %s: target %.0f msg/s for %ds (+%ds warm-up), %d users, repeat pool %d (zipf %.2f),"
            + " unique %.1f%%, escalations %.1f%%, reply timeout %dms, %d retries, reply budget %dms%n",
        s.name(), s.rate(), s.duration().toSeconds(), s.warmup().toSeconds(), s.users(), s.repeatPool(), s.zipf(),
        s.uniqueShare() * 100, s.escalationShare() * 100, s.replyTimeout().toMillis(), s.retries(),
        s.replyBudget().toMillis());
  }

  public static void table(PrintStream out, List<Run> runs) {
    out.printf(Locale.ROOT, "%-8s %7s %8s %7s %8s %8s %8s %8s %8s %7s %7s %5s %7s %6s%n", "run", "target", "achieved",
        "sent", "p50", "p90", "p99", "p99.9", "max", "passive", "acked", "late", "retries", "errors");
    for (Run run : runs) {
      OpenLoopRun.Result r = run.result();
      Histogram h = r.latency();
      out.printf(Locale.ROOT, "%-8s %7.0f %8.1f %7d %8s %8s %8s %8s %8s %7d %7d %5d %7d %6d%n", r.label(),
          r.targetRate(), r.achievedRate(), r.sent(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), r.passive(),
          r.acknowledged(), r.late(), r.retries(), r.errorCount());
    }
    for (Run run : runs) {
      OpenLoopRun.Result r = run.result();
      out.printf(Locale.ROOT, "%-8s mix %s; errors %s; unfinished %d; async: %d acknowledged with 'success', %d sent"
              + " later, %d failed, %d bot failures, fake API received %d%n", r.label(), r.kinds(), r.errors(),
          r.unfinished(), run.async().acknowledgedAsync(), run.async().sent(), run.async().failed(),
          run.async().responderFailed(), run.async().apiReceived());
      Histogram a = r.asyncLatency();
      out.printf(Locale.ROOT, "%-8s refused (503, retried as WeChat does): %d deliveries; answered only on a retry: %d"
              + " (%d later than 4.5s); async answers matched to their 'success': %d, p50 %s, p99 %s, max %s, %d later"
              + " than 4.5s, %d 'success' without a matched answer%n", r.label(), r.refused(), r.answeredOnRetry(),
          r.lateOnRetry(), a.getTotalCount(), ms(a.getValueAtPercentile(50)), ms(a.getValueAtPercentile(99)),
          ms(a.getMaxValue()), r.lateAsync(), r.asyncUnmatched());
      out.printf(Locale.ROOT, "%-8s machine before: %s; after: %s%n", r.label(), run.before(), run.after());
    }
    if (runs.size() == 2) {
      Histogram kefu = runs.get(0).result().latency();
      Histogram ceiling = runs.get(1).result().latency();
      out.printf(Locale.ROOT, "NLP cost: latency kefu / constant bot at the same rate: p50 x%.1f, p90 x%.1f, p99 x%.1f%n",
          ratio(kefu, ceiling, 50), ratio(kefu, ceiling, 90), ratio(kefu, ceiling, 99));
    }
  }

  /** Objective lines for one run; the verdict is whether all of them passed. */
  public static List<String> failures(PrintStream out, LoadScenario s, Run run) {
    OpenLoopRun.Result r = run.result();
    LoadScenario.Objectives o = s.objectives();
    List<String> failed = new ArrayList<>();
    check(out, failed, String.format(Locale.ROOT, "achieved rate >= %.0f%% of target", o.minRate() * 100),
        r.achievedRate() >= o.minRate() * s.rate(), String.format(Locale.ROOT, "%.1f msg/s", r.achievedRate()));
    if (!o.p99().isZero()) {
      long p99 = r.latency().getValueAtPercentile(99);
      check(out, failed, "p99 <= " + o.p99().toMillis() + "ms", p99 <= o.p99().toNanos() / 1000, ms(p99));
    }
    check(out, failed, "acknowledged pushes answered (passively or through the API) later than 4.5s <= " + o.maxLate(),
        r.late() + r.lateAsync() <= o.maxLate(), r.late() + " passive/'success' + " + r.lateAsync() + " async");
    long problems = r.errorCount() + r.unfinished();
    check(out, failed, String.format(Locale.ROOT, "errors <= %.2f%%", o.maxErrorShare() * 100),
        problems <= o.maxErrorShare() * r.sent(), problems + " of " + r.sent());
    if (o.asyncReplies()) {
      AsyncTally a = run.async();
      check(out, failed, "every 'success' answered later through the API",
          a.answered() == a.acknowledgedAsync() && a.failed() == 0 && a.responderFailed() == 0
              && a.apiReceived() >= a.sent(),
          a.acknowledgedAsync() + " acknowledged, " + a.sent() + " sent, API received " + a.apiReceived());
    }
    return failed;
  }

  private static void check(PrintStream out, List<String> failed, String what, boolean ok, String measured) {
    out.printf(Locale.ROOT, "  %-4s %s (measured %s)%n", ok ? "PASS" : "FAIL", what, measured);
    if (!ok) {
      failed.add(what);
    }
  }

  private static double ratio(Histogram a, Histogram b, double percentile) {
    return a.getValueAtPercentile(percentile) / (double) Math.max(1, b.getValueAtPercentile(percentile));
  }

  static String ms(long micros) {
    if (micros >= 10_000) {
      return String.format(Locale.ROOT, "%.0fms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
  }

  static String seconds(Duration d) {
    return d.toMillis() / 1000.0 + "s";
  }
}
