package io.kefu.ops.eval;

import io.kefu.nlp.IntentPrecision;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link EvalReport} as a terminal table, JSON, or a self-contained HTML page with inline SVG plots. */
public final class ReportWriter {

  private ReportWriter() {
  }

  // ---------------------------------------------------------------- terminal

  public static String text(EvalReport r) {
    StringBuilder sb = new StringBuilder();
    for (String n : r.notes()) {
      sb.append("# ").append(n).append('\n');
    }
    if (r.crossValidation() != null) {
      classification(sb, r.crossValidation(), true);
    }
    if (!r.suspects().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nExamples whose label the model disputes (review them):%n"));
      for (IntentEvaluator.Suspect s : r.suspects().subList(0, Math.min(20, r.suspects().size()))) {
        sb.append(String.format(Locale.ROOT, "  %s  labelled %s, looks like %s (%.2f)%n", s.text(), s.label(),
            s.predicted(), s.probability()));
      }
    }
    if (r.golden() != null) {
      IntentEvaluator.GoldenResult g = r.golden();
      sb.append(String.format(Locale.ROOT, "%nGolden set: %d cases, accuracy %.4f (gate %.2f) -> %s%n", g.cases(),
          g.accuracy(), g.minAccuracy(), g.passed() ? "PASS" : "FAIL"));
      for (IntentEvaluator.GoldenResult.Miss m : g.misses()) {
        sb.append(String.format(Locale.ROOT, "  miss: %s  expected %s, got %s (%.2f)%n", m.text(), m.expected(),
            m.predicted(), m.confidence()));
      }
      if (g.precision() != null && !g.precision().byIntent().isEmpty()) {
        sb.append(String.format(Locale.ROOT, "  golden precision per predicted intent (overload rule):%n"));
        sb.append(String.format(Locale.ROOT, "  %-32s %9s %7s %9s%n", "intent", "predicted", "correct", "precision"));
        g.precision().byIntent().forEach((intent, m) -> sb.append(String.format(Locale.ROOT,
            "  %-32s %9d %7d %9.3f%n", intent, m.predicted(), m.correct(), m.precision())));
      }
    }
    if (r.external() != null) {
      classification(sb, r.external(), false);
    }
    for (RetrievalReport t : r.retrieval()) {
      sb.append(String.format(Locale.ROOT, "%n%s: %d queries over %d documents%n  Hit@1 %.4f  Hit@5 %.4f  MRR@10 %.4f%n",
          t.name(), t.queries(), t.documents(), t.hitAt1(), t.hitAt5(), t.mrr()));
      if (t.answered() >= 0) {
        sb.append(String.format(Locale.ROOT, "  at the bot's FAQ thresholds: %d answered (%.1f %%), %d of them right"
            + " (precision %.4f)%n", t.answered(), 100.0 * t.answered() / Math.max(1, t.queries()), t.answeredRight(),
            t.answered() == 0 ? 0 : t.answeredRight() / (double) t.answered()));
      }
    }
    return sb.toString();
  }

  private static void classification(StringBuilder sb, ClassificationReport c, boolean perLabel) {
    sb.append(String.format(Locale.ROOT, "%n%s: %d items  accuracy %.4f  macro-F1 %.4f%n", c.name(), c.items(),
        c.accuracy(), c.macroF1()));
    sb.append(String.format(Locale.ROOT, "  precision at coverage: 50%% %.4f  70%% %.4f  90%% %.4f;"
            + " coverage at precision %.2f: %.4f%n", c.precisionAtCoverage(0.5), c.precisionAtCoverage(0.7),
        c.precisionAtCoverage(0.9), c.targetPrecision(), c.coverageAtPrecision(c.targetPrecision())));
    if (perLabel) {
      sb.append(String.format(Locale.ROOT, "  %-32s %7s %9s %7s %7s %9s%n", "intent", "support", "precision",
          "recall", "F1", "threshold"));
      for (ClassificationReport.LabelScore l : c.labels()) {
        if (l.support() == 0) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "  %-32s %7d %9.3f %7.3f %7.3f %9s%n", l.label(), l.support(),
            l.precision(), l.recall(), l.f1(), Double.isNaN(l.suggestedThreshold()) ? "-"
                : String.format(Locale.ROOT, "%.3f", l.suggestedThreshold())));
      }
    }
    sb.append("  most confused (gold -> predicted):\n");
    for (ClassificationReport.ConfusedPair p : c.confused().subList(0, Math.min(10, c.confused().size()))) {
      sb.append(String.format(Locale.ROOT, "    %4d  %s -> %s%n", p.count(), p.gold(), p.predicted()));
    }
  }

  // ---------------------------------------------------------------- JSON

  public static String json(EvalReport r) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"notes\":[");
    for (int i = 0; i < r.notes().size(); i++) {
      sb.append(i > 0 ? "," : "").append(str(r.notes().get(i)));
    }
    sb.append("]");
    if (r.crossValidation() != null) {
      sb.append(",\"crossValidation\":");
      classificationJson(sb, r.crossValidation());
    }
    if (r.golden() != null) {
      IntentEvaluator.GoldenResult g = r.golden();
      sb.append(",\"golden\":{\"cases\":").append(g.cases()).append(",\"accuracy\":").append(num(g.accuracy()))
          .append(",\"minAccuracy\":").append(num(g.minAccuracy())).append(",\"passed\":").append(g.passed())
          .append(",\"misses\":[");
      for (int i = 0; i < g.misses().size(); i++) {
        IntentEvaluator.GoldenResult.Miss m = g.misses().get(i);
        sb.append(i > 0 ? "," : "").append("{\"text\":").append(str(m.text())).append(",\"expected\":")
            .append(str(m.expected())).append(",\"predicted\":").append(str(m.predicted())).append(",\"confidence\":")
            .append(num(m.confidence())).append('}');
      }
      sb.append("],\"precision\":{");
      if (g.precision() != null) {
        int i = 0;
        for (Map.Entry<String, IntentPrecision.Measured> e : g.precision().byIntent().entrySet()) {
          sb.append(i++ > 0 ? "," : "").append(str(e.getKey())).append(":{\"predicted\":")
              .append(e.getValue().predicted()).append(",\"correct\":").append(e.getValue().correct())
              .append(",\"precision\":").append(num(e.getValue().precision())).append('}');
        }
      }
      sb.append("}}");
    }
    sb.append(",\"suspects\":[");
    for (int i = 0; i < r.suspects().size(); i++) {
      IntentEvaluator.Suspect s = r.suspects().get(i);
      sb.append(i > 0 ? "," : "").append("{\"text\":").append(str(s.text())).append(",\"label\":")
          .append(str(s.label())).append(",\"predicted\":").append(str(s.predicted())).append(",\"probability\":")
          .append(num(s.probability())).append('}');
    }
    sb.append("]");
    if (r.external() != null) {
      sb.append(",\"external\":");
      classificationJson(sb, r.external());
    }
    sb.append(",\"retrieval\":[");
    for (int i = 0; i < r.retrieval().size(); i++) {
      sb.append(i == 0 ? "" : ",");
      retrievalJson(sb, r.retrieval().get(i));
    }
    sb.append(']');
    sb.append(",\"exitCode\":").append(r.exitCode()).append("}\n");
    return sb.toString();
  }

  private static void retrievalJson(StringBuilder sb, RetrievalReport t) {
    sb.append("{\"name\":").append(str(t.name())).append(",\"queries\":").append(t.queries())
        .append(",\"documents\":").append(t.documents()).append(",\"hitAt1\":").append(num(t.hitAt1()))
        .append(",\"hitAt5\":").append(num(t.hitAt5())).append(",\"mrr\":").append(num(t.mrr()));
    if (t.answered() >= 0) {
      sb.append(",\"answered\":").append(t.answered()).append(",\"answeredRight\":").append(t.answeredRight());
    }
    sb.append('}');
  }

  private static void classificationJson(StringBuilder sb, ClassificationReport c) {
    sb.append("{\"name\":").append(str(c.name())).append(",\"items\":").append(c.items())
        .append(",\"accuracy\":").append(num(c.accuracy())).append(",\"macroF1\":").append(num(c.macroF1()))
        .append(",\"precisionAt70Coverage\":").append(num(c.precisionAtCoverage(0.7)))
        .append(",\"coverageAtTargetPrecision\":").append(num(c.coverageAtPrecision(c.targetPrecision())))
        .append(",\"targetPrecision\":").append(num(c.targetPrecision())).append(",\"labels\":[");
    for (int i = 0; i < c.labels().size(); i++) {
      ClassificationReport.LabelScore l = c.labels().get(i);
      sb.append(i > 0 ? "," : "").append("{\"label\":").append(str(l.label())).append(",\"support\":")
          .append(l.support()).append(",\"precision\":").append(num(l.precision())).append(",\"recall\":")
          .append(num(l.recall())).append(",\"f1\":").append(num(l.f1())).append(",\"suggestedThreshold\":")
          .append(num(l.suggestedThreshold())).append('}');
    }
    sb.append("],\"confused\":[");
    List<ClassificationReport.ConfusedPair> top = c.confused().subList(0, Math.min(20, c.confused().size()));
    for (int i = 0; i < top.size(); i++) {
      sb.append(i > 0 ? "," : "").append("{\"gold\":").append(str(top.get(i).gold())).append(",\"predicted\":")
          .append(str(top.get(i).predicted())).append(",\"count\":").append(top.get(i).count()).append('}');
    }
    sb.append("],\"coverage\":[");
    List<ClassificationReport.CoveragePoint> curve = thin(c.coverage(), 50);
    for (int i = 0; i < curve.size(); i++) {
      ClassificationReport.CoveragePoint p = curve.get(i);
      sb.append(i > 0 ? "," : "").append("{\"threshold\":").append(num(p.threshold())).append(",\"coverage\":")
          .append(num(p.coverage())).append(",\"precision\":").append(num(p.precision())).append('}');
    }
    sb.append("]}");
  }

  static <T> List<T> thin(List<T> list, int max) {
    if (list.size() <= max) {
      return list;
    }
    java.util.ArrayList<T> out = new java.util.ArrayList<>();
    for (int i = 0; i < max; i++) {
      out.add(list.get((int) Math.round(i * (list.size() - 1) / (double) (max - 1))));
    }
    return out;
  }

  static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6f", v);
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  // ---------------------------------------------------------------- HTML

  public static String html(EvalReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>Kefu NLP 评估报告</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}th{background:#f3f3f3}")
        .append(".num{text-align:right}</style></head><body><h1>Kefu NLP 评估报告</h1>");
    for (String n : r.notes()) {
      sb.append("<p><code>").append(esc(n)).append("</code></p>");
    }
    sb.append("<pre>").append(esc(text(r))).append("</pre>");
    for (ClassificationReport c : new ClassificationReport[] {r.crossValidation(), r.external()}) {
      if (c == null) {
        continue;
      }
      sb.append("<h2>").append(esc(c.name())).append("</h2>");
      sb.append("<h3>精确率-覆盖率曲线</h3>").append(coverageSvg(c));
      sb.append("<h3>最易混淆意图的混淆矩阵</h3>").append(matrixSvg(c.matrix()));
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  static String coverageSvg(ClassificationReport c) {
    int w = 480;
    int h = 320;
    int pad = 40;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"precision-coverage curve\">", w, h, w, h));
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
        + "stroke=\"#999\"/>", pad, pad / 2, w - 2 * pad + 10, h - pad - pad / 2));
    for (int i = 0; i <= 10; i += 2) {
      double v = i / 10.0;
      double x = pad + v * (w - 2 * pad);
      double y = pad / 2.0 + (1 - v) * (h - pad - pad / 2.0);
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.1f"
          + "</text>", x, h - pad + 14, v));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.1f"
          + "</text>", pad - 4, y + 3, v));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">覆盖率"
        + "</text>", w / 2, h - 6));
    sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 12 %d)\" "
        + "text-anchor=\"middle\">精确率</text>", h / 2, h / 2));
    StringBuilder pts = new StringBuilder();
    for (ClassificationReport.CoveragePoint p : thin(c.coverage(), 200)) {
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", pad + p.coverage() * (w - 2 * pad),
          pad / 2.0 + (1 - p.precision()) * (h - pad - pad / 2.0)));
    }
    sb.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"").append(pts).append("\"/>");
    double ty = pad / 2.0 + (1 - c.targetPrecision()) * (h - pad - pad / 2.0);
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" "
        + "stroke-dasharray=\"4 3\"/>", pad, w - pad, ty, ty));
    sb.append("</svg>");
    return sb.toString();
  }

  static String matrixSvg(ClassificationReport.ConfusionMatrix m) {
    int n = m.labels().size();
    if (n == 0) {
      return "<p>无混淆。</p>";
    }
    int cell = 26;
    int left = 220;
    int top = 30;
    int w = left + n * cell + 20;
    int h = top + n * cell + 20;
    int max = 1;
    for (int[] row : m.counts()) {
      for (int v : row) {
        max = Math.max(max, v);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"confusion matrix\">", w, h, w, h));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"11\">列：预测（编号同行）</text>", left));
    for (int i = 0; i < n; i++) {
      String label = m.labels().get(i);
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s [%d]"
          + "</text>", left - 4, top + i * cell + 17, esc(label.length() > 18 ? label.substring(0, 18) + "…" : label),
          i));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d"
          + "</text>", left + i * cell + cell / 2, top - 2, i));
      for (int j = 0; j < n; j++) {
        int v = m.counts()[i][j];
        double t = v / (double) max;
        int shade = (int) Math.round(255 - 200 * t);
        String fill = i == j ? String.format("rgb(%d,%d,255)", shade, shade)
            : String.format("rgb(255,%d,%d)", shade, shade);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
            + "stroke=\"#eee\"><title>%s -> %s: %d</title></rect>", left + j * cell, top + i * cell, cell, cell, fill,
            esc(label), esc(m.labels().get(j)), v));
        if (v > 0) {
          sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d"
              + "</text>", left + j * cell + cell / 2, top + i * cell + 17, v));
        }
      }
    }
    sb.append("</svg>");
    return sb.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
