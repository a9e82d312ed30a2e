package io.kefu.nlp;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over dense vectors (sentence embeddings): class-major weights, plain SGD with a
 * decaying learning rate and L2 weight decay. Deterministic for a seed; immutable after training.
 */
public final class DenseSoftmax {

  /** Training options. */
  public record Options(int epochs, double learningRate, double l2, long seed) {
  }

  private final int classes;
  private final int dimension;
  private final float[] weights; // class-major: weights[c * dimension + d]
  private final float[] bias;

  private DenseSoftmax(int classes, int dimension, float[] weights, float[] bias) {
    this.classes = classes;
    this.dimension = dimension;
    this.weights = weights;
    this.bias = bias;
  }

  public static DenseSoftmax train(List<float[]> xs, int[] ys, int classes, Options o) {
    int dim = xs.get(0).length;
    float[] w = new float[classes * dim];
    float[] b = new float[classes];
    double[] p = new double[classes];
    int[] order = new int[xs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(o.seed());
    long steps = (long) o.epochs() * order.length;
    long step = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int s : order) {
        float lr = (float) (o.learningRate() * (1.0 - 0.9 * step / (double) steps));
        step++;
        float[] x = xs.get(s);
        scores(w, b, classes, dim, x, p);
        SoftmaxRegression.softmaxInPlace(p);
        p[ys[s]] -= 1.0;
        float decay = (float) (1.0 - lr * o.l2());
        for (int c = 0; c < classes; c++) {
          float g = (float) p[c] * lr;
          int base = c * dim;
          for (int d = 0; d < dim; d++) {
            w[base + d] = w[base + d] * decay - g * x[d];
          }
          b[c] -= g;
        }
      }
    }
    return new DenseSoftmax(classes, dim, w, b);
  }

  private static void scores(float[] w, float[] b, int classes, int dim, float[] x, double[] out) {
    for (int c = 0; c < classes; c++) {
      out[c] = b[c] + DotProduct.of(x, w, c * dim, dim);
    }
  }

  public double[] probabilities(float[] x) {
    double[] p = new double[classes];
    scores(weights, bias, classes, dimension, x, p);
    SoftmaxRegression.softmaxInPlace(p);
    return p;
  }
}
