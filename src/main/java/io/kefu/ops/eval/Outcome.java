package io.kefu.ops.eval;

/** One scored test item: gold label, predicted label and the prediction's confidence. */
public record Outcome(String gold, String predicted, double confidence) {
  public boolean correct() {
    return gold.equals(predicted);
  }
}
