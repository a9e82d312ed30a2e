package io.kefu.kb;

import java.util.Arrays;

/**
 * A learned linear map on sentence embeddings, {@code v -> normalise(W v)} with {@code W} square and trained from
 * paraphrase pairs ({@link EmbeddingAdapterTrainer}). Applied to both sides of a comparison (questions and
 * queries), so cosine similarity is measured in the adapted space. The identity adapter changes nothing.
 * Immutable and thread-safe; one application is a {@code dim x dim} mat-vec (262k multiply-adds for bge-small-zh).
 */
public final class EmbeddingAdapter {
  private final int dim;
  private final float[] weights; // row-major dim x dim

  EmbeddingAdapter(int dim, float[] weights) {
    if (weights.length != dim * dim) {
      throw new IllegalArgumentException("weights must be " + dim + "x" + dim);
    }
    this.dim = dim;
    this.weights = weights;
  }

  public static EmbeddingAdapter identity(int dim) {
    float[] w = new float[dim * dim];
    for (int i = 0; i < dim; i++) {
      w[i * dim + i] = 1f;
    }
    return new EmbeddingAdapter(dim, w);
  }

  public int dimension() {
    return dim;
  }

  /** The adapted, L2-normalised vector (a new array; {@code v} is not changed). */
  public float[] apply(float[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector of dimension " + v.length + ", adapter expects " + dim);
    }
    float[] out = new float[dim];
    double norm = 0;
    for (int r = 0; r < dim; r++) {
      float s = io.kefu.nlp.DotProduct.of(v, weights, r * dim, dim);
      out[r] = s;
      norm += (double) s * s;
    }
    float inv = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
    for (int r = 0; r < dim; r++) {
      out[r] *= inv;
    }
    return out;
  }

  /** Distance from the identity (Frobenius norm of {@code W - I}): 0 for an untrained adapter. */
  public double distanceFromIdentity() {
    double s = 0;
    for (int r = 0; r < dim; r++) {
      for (int c = 0; c < dim; c++) {
        double d = weights[r * dim + c] - (r == c ? 1 : 0);
        s += d * d;
      }
    }
    return Math.sqrt(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingAdapter a && a.dim == dim && Arrays.equals(a.weights, weights);
  }

  @Override
  public int hashCode() {
    return 31 * dim + Arrays.hashCode(weights);
  }
}
