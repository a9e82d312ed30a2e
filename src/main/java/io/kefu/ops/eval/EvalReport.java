package io.kefu.ops.eval;

import java.util.List;

/** Everything one {@code eval} run measured; absent sections are null. */
public record EvalReport(
    ClassificationReport crossValidation,
    IntentEvaluator.GoldenResult golden,
    ClassificationReport external,
    RetrievalReport retrieval,
    List<IntentEvaluator.Suspect> suspects,
    List<String> notes) {

  public EvalReport {
    suspects = List.copyOf(suspects);
    notes = List.copyOf(notes);
  }

  /** Exit code: 1 when a golden gate exists and failed. */
  public int exitCode() {
    return golden != null && !golden.passed() ? 1 : 0;
  }
}
