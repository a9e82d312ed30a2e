package io.kefu.ops.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kefu.nlp.IntentPrecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  /**
   * Hand-computed: gold a,a,a,b,b,c ; predicted a,a,b,b,c,c.
   * a: tp 2, gold 3, pred 2 -> P 1, R 2/3, F1 0.8
   * b: tp 1, gold 2, pred 2 -> P 0.5, R 0.5, F1 0.5
   * c: tp 1, gold 1, pred 2 -> P 0.5, R 1, F1 2/3
   * accuracy 4/6, macro-F1 (0.8 + 0.5 + 0.6667) / 3 = 0.65556
   */
  private static final List<Outcome> OUTCOMES = List.of(
      new Outcome("a", "a", 0.9), new Outcome("a", "a", 0.8), new Outcome("a", "b", 0.3),
      new Outcome("b", "b", 0.7), new Outcome("b", "c", 0.6), new Outcome("c", "c", 0.5));

  @Test
  void handComputedConfusionExample() {
    ClassificationReport r = ClassificationMetrics.compute("t", OUTCOMES, 0.9, 5);
    assertThat(r.accuracy()).isCloseTo(4 / 6.0, within(1e-9));
    assertThat(r.macroF1()).isCloseTo((0.8 + 0.5 + 2 / 3.0) / 3, within(1e-9));
    ClassificationReport.LabelScore a = r.labels().get(0);
    assertThat(a.label()).isEqualTo("a");
    assertThat(a.precision()).isEqualTo(1.0);
    assertThat(a.recall()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(a.f1()).isCloseTo(0.8, within(1e-9));
    assertThat(r.labels().get(2).recall()).isEqualTo(1.0);
    assertThat(r.confused()).extracting(ClassificationReport.ConfusedPair::count).containsOnly(1);
    assertThat(r.confused()).hasSize(2);
    assertThat(r.matrix().labels()).containsExactly("a", "b", "c");
    assertThat(r.matrix().counts()[0]).containsExactly(2, 1, 0);
    assertThat(r.matrix().counts()[1]).containsExactly(0, 1, 1);
  }

  @Test
  void precisionCoverageCurve() {
    ClassificationReport r = ClassificationMetrics.compute("t", OUTCOMES, 0.9, 5);
    // sorted by confidence: right(0.9) right(0.8) right(0.7) wrong(0.6) right(0.5) wrong(0.3)
    assertThat(r.coverage()).extracting(ClassificationReport.CoveragePoint::precision)
        .containsExactly(1.0, 1.0, 1.0, 0.75, 0.8, 4 / 6.0);
    assertThat(r.coverageAtPrecision(0.9)).isCloseTo(0.5, within(1e-9));
    // covering at least 70 % means answering 5 of 6: 4 right
    assertThat(r.precisionAtCoverage(0.7)).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void suggestedThresholdNeedsThreePredictionsAtTargetPrecision() {
    List<Outcome> o = List.of(new Outcome("x", "x", 0.9), new Outcome("x", "x", 0.8), new Outcome("y", "x", 0.7),
        new Outcome("x", "x", 0.6), new Outcome("x", "x", 0.5), new Outcome("y", "x", 0.2));
    // at 0.5: 4 right of 5 = 0.8 ; at 0.6: 3/4 ; at 0.8: 2/2 but only two predictions
    assertThat(ClassificationMetrics.suggestedThreshold(o, "x", 0.8)).isEqualTo(0.5);
    assertThat(ClassificationMetrics.suggestedThreshold(o, "x", 0.95)).isNaN();
  }

  @Test
  void reportsRender() {
    ClassificationReport r = ClassificationMetrics.compute("t", OUTCOMES, 0.9, 5);
    IntentPrecision precision = new IntentPrecision.Tally().add("x", "x").add("y", "x").result();
    EvalReport report = new EvalReport(r, new IntentEvaluator.GoldenResult(4, 0.5, 0.85, List.of(), precision), null,
        List.of(RetrievalReport.of("afqmc", 10, new int[] {1, 2, 0})),
        List.of(new IntentEvaluator.Suspect("快递到哪了", "refund_status", "order_status", 0.91)), List.of("note"));
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(ReportWriter.text(report)).contains("accuracy 0.6667", "FAIL", "Hit@1 0.3333",
        "快递到哪了  labelled refund_status, looks like order_status (0.91)");
    assertThat(ReportWriter.json(report)).contains("\"macroF1\":0.655556", "\"passed\":false", "\"exitCode\":1",
        "\"precision\":{\"x\":{\"predicted\":2,\"correct\":1,\"precision\":0.500000}}");
    assertThat(new io.vertx.core.json.JsonObject(ReportWriter.json(report)).getJsonObject("golden")
        .getJsonObject("precision").getJsonObject("x").getInteger("predicted")).isEqualTo(2);
    assertThat(ReportWriter.text(report)).contains("golden precision per predicted intent");
    String html = ReportWriter.html(report);
    assertThat(html).contains("<svg", "<polyline", "<rect").doesNotContain("<script");
  }
}
