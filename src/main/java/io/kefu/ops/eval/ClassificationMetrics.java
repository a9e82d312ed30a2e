package io.kefu.ops.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Computes accuracy, per-label P/R/F1, macro-F1, confusions, precision-coverage and per-label thresholds. */
public final class ClassificationMetrics {

  private ClassificationMetrics() {
  }

  public static ClassificationReport compute(String name, List<Outcome> outcomes, double targetPrecision,
      int matrixLabels) {
    int n = outcomes.size();
    Set<String> labelSet = new TreeSet<>();
    Map<String, int[]> counts = new HashMap<>(); // tp, gold, predicted
    Map<String, Integer> pairs = new HashMap<>();
    int right = 0;
    for (Outcome o : outcomes) {
      labelSet.add(o.gold());
      labelSet.add(o.predicted());
      counts.computeIfAbsent(o.gold(), k -> new int[3])[1]++;
      counts.computeIfAbsent(o.predicted(), k -> new int[3])[2]++;
      if (o.correct()) {
        counts.get(o.gold())[0]++;
        right++;
      } else {
        pairs.merge(o.gold() + "\u0000" + o.predicted(), 1, Integer::sum);
      }
    }
    List<ClassificationReport.LabelScore> labels = new ArrayList<>();
    double f1Sum = 0;
    int f1Count = 0;
    for (String l : labelSet) {
      int[] c = counts.get(l);
      double p = c[2] == 0 ? 0 : c[0] / (double) c[2];
      double r = c[1] == 0 ? 0 : c[0] / (double) c[1];
      double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
      if (c[1] > 0) { // macro-F1 over labels present in the gold data
        f1Sum += f1;
        f1Count++;
      }
      labels.add(new ClassificationReport.LabelScore(l, c[1], c[2], p, r, f1,
          suggestedThreshold(outcomes, l, targetPrecision)));
    }
    List<ClassificationReport.ConfusedPair> confused = pairs.entrySet().stream()
        .map(e -> {
          String[] gp = e.getKey().split("\u0000", 2);
          return new ClassificationReport.ConfusedPair(gp[0], gp[1], e.getValue());
        })
        .sorted(Comparator.comparingInt(ClassificationReport.ConfusedPair::count).reversed()
            .thenComparing(ClassificationReport.ConfusedPair::gold)
            .thenComparing(ClassificationReport.ConfusedPair::predicted))
        .toList();
    return new ClassificationReport(name, n, n == 0 ? 0 : right / (double) n, f1Count == 0 ? 0 : f1Sum / f1Count,
        labels, confused, coverage(outcomes), matrix(outcomes, confused, matrixLabels), targetPrecision);
  }

  /** Precision-coverage curve: one point per distinct confidence, answering everything at or above it. */
  static List<ClassificationReport.CoveragePoint> coverage(List<Outcome> outcomes) {
    List<Outcome> sorted = new ArrayList<>(outcomes);
    sorted.sort(Comparator.comparingDouble(Outcome::confidence).reversed());
    List<ClassificationReport.CoveragePoint> curve = new ArrayList<>();
    int right = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).correct()) {
        right++;
      }
      boolean lastOfTies = i + 1 == sorted.size() || sorted.get(i + 1).confidence() < sorted.get(i).confidence();
      if (lastOfTies) {
        curve.add(new ClassificationReport.CoveragePoint(sorted.get(i).confidence(), (i + 1) / (double) sorted.size(),
            right / (double) (i + 1)));
      }
    }
    return curve;
  }

  /**
   * Lowest threshold such that predictions of {@code label} at or above it are right at least {@code target} of
   * the time (over at least 3 predictions); NaN when no threshold achieves it.
   */
  static double suggestedThreshold(List<Outcome> outcomes, String label, double target) {
    List<Outcome> mine = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.predicted().equals(label)) {
        mine.add(o);
      }
    }
    mine.sort(Comparator.comparingDouble(Outcome::confidence).reversed());
    double best = Double.NaN;
    int right = 0;
    for (int i = 0; i < mine.size(); i++) {
      if (mine.get(i).correct()) {
        right++;
      }
      boolean lastOfTies = i + 1 == mine.size() || mine.get(i + 1).confidence() < mine.get(i).confidence();
      if (lastOfTies && i + 1 >= 3 && right / (double) (i + 1) >= target) {
        best = mine.get(i).confidence();
      }
    }
    return best;
  }

  static ClassificationReport.ConfusionMatrix matrix(List<Outcome> outcomes,
      List<ClassificationReport.ConfusedPair> confused, int max) {
    Set<String> chosen = new LinkedHashSet<>();
    for (ClassificationReport.ConfusedPair p : confused) {
      if (chosen.size() >= max) {
        break;
      }
      chosen.add(p.gold());
      if (chosen.size() < max) {
        chosen.add(p.predicted());
      }
    }
    List<String> labels = new ArrayList<>(chosen);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      idx.put(labels.get(i), i);
    }
    int[][] m = new int[labels.size()][labels.size()];
    for (Outcome o : outcomes) {
      Integer g = idx.get(o.gold());
      Integer p = idx.get(o.predicted());
      if (g != null && p != null) {
        m[g][p]++;
      }
    }
    return new ClassificationReport.ConfusionMatrix(labels, m);
  }
}
