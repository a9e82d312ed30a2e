package io.kefu.ops.eval;

import java.util.List;

/**
 * Everything one {@code eval} run measured; absent sections are null. {@code retrieval} lists the retrieval runs
 * (the project's FAQ cross-validation, AFQMC-style pairs; each with and without an embedding adapter).
 */
public record EvalReport(
    ClassificationReport crossValidation,
    IntentEvaluator.GoldenResult golden,
    ClassificationReport external,
    List<RetrievalReport> retrieval,
    List<IntentEvaluator.Suspect> suspects,
    List<String> notes) {

  public EvalReport {
    retrieval = List.copyOf(retrieval);
    suspects = List.copyOf(suspects);
    notes = List.copyOf(notes);
  }

  /** Exit code: 1 when a golden gate exists and failed. */
  public int exitCode() {
    return golden != null && !golden.passed() ? 1 : 0;
  }
}
