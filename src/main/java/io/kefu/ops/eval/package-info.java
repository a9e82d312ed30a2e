/**
 * Evaluation engine behind {@code kefu eval} ({@link io.kefu.ops.eval.EvalCommand}): cross-validation, golden gate,
 * external CIC/AFQMC measurements, label-noise check, text/JSON/HTML reports; {@link io.kefu.ops.eval.LatencyProbe}
 * is a simple timing main.
 */
package io.kefu.ops.eval;
