package io.kefu.nlp;

/** Sorted, duplicate-free feature indices with their values. */
public record SparseVector(int[] indices, float[] values) {

  public static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

  public int size() {
    return indices.length;
  }

  /** A dense vector viewed as sparse (indices 0..n-1). */
  public static SparseVector dense(float[] values) {
    int[] idx = new int[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new SparseVector(idx, values);
  }
}
