package io.kefu.ops.eval;

import java.util.List;

/** Metrics of a classification run; see {@link ClassificationMetrics}. */
public record ClassificationReport(
    String name,
    int items,
    double accuracy,
    double macroF1,
    List<LabelScore> labels,
    List<ConfusedPair> confused,
    List<CoveragePoint> coverage,
    ConfusionMatrix matrix,
    double targetPrecision) {

  /** Per-label scores and the lowest confidence threshold reaching the target precision (NaN if none). */
  public record LabelScore(String label, int support, int predicted, double precision, double recall, double f1,
      double suggestedThreshold) {
  }

  /** A gold label often predicted as another one. */
  public record ConfusedPair(String gold, String predicted, int count) {
  }

  /** Answering only when confidence >= threshold: the share answered and the precision of those answers. */
  public record CoveragePoint(double threshold, double coverage, double precision) {
  }

  /** Counts for the labels most involved in confusions; {@code counts[gold][predicted]}. */
  public record ConfusionMatrix(List<String> labels, int[][] counts) {
  }

  /** Best coverage at which precision is still at least {@code precision}; 0 when never reached. */
  public double coverageAtPrecision(double precision) {
    double best = 0;
    for (CoveragePoint p : coverage) {
      if (p.precision() >= precision) {
        best = Math.max(best, p.coverage());
      }
    }
    return best;
  }

  /** Precision when answering the most confident {@code share} of items (nearest curve point at or above). */
  public double precisionAtCoverage(double share) {
    CoveragePoint best = null;
    for (CoveragePoint p : coverage) {
      if (p.coverage() >= share && (best == null || p.coverage() < best.coverage())) {
        best = p;
      }
    }
    return best == null ? Double.NaN : best.precision();
  }
}
