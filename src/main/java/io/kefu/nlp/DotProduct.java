package io.kefu.nlp;

/** The dense dot product every vector scorer uses (unrolled by four; the hot loop of kNN and FAQ re-ranking). */
public final class DotProduct {
  private DotProduct() {
  }

  /** {@code sum(q[d] * flat[offset + d])} for {@code d < dimension}. */
  public static float of(float[] q, float[] flat, int offset, int dimension) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int d = 0;
    for (; d + 3 < dimension; d += 4) {
      s0 += q[d] * flat[offset + d];
      s1 += q[d + 1] * flat[offset + d + 1];
      s2 += q[d + 2] * flat[offset + d + 2];
      s3 += q[d + 3] * flat[offset + d + 3];
    }
    for (; d < dimension; d++) {
      s0 += q[d] * flat[offset + d];
    }
    return s0 + s1 + s2 + s3;
  }
}
