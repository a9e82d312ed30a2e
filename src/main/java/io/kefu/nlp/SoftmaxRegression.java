package io.kefu.nlp;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over sparse vectors, trained by AdaGrad SGD with L2 on the touched weights.
 * Classes whose gradient is negligible for a sample are skipped, which keeps training on dense inputs (embeddings)
 * fast. Deterministic for a given seed; immutable after training, so scoring is thread-safe.
 */
public final class SoftmaxRegression {

  /** Training options. */
  public record Options(int epochs, double learningRate, double l2, long seed) {
    public static final Options DEFAULT = new Options(12, 0.5, 1e-5, 42);
  }

  private final int classes;
  private final int dimension;
  private final float[] weights; // feature-major: weights[f * classes + c]
  private final float[] bias;

  private SoftmaxRegression(int classes, int dimension, float[] weights, float[] bias) {
    this.classes = classes;
    this.dimension = dimension;
    this.weights = weights;
    this.bias = bias;
  }

  public int classes() {
    return classes;
  }

  public static SoftmaxRegression train(List<SparseVector> xs, int[] ys, int classes, int dimension, Options o) {
    float[] w = new float[dimension * classes];
    float[] gw = new float[dimension * classes];
    float[] b = new float[classes];
    float[] gb = new float[classes];
    double[] p = new double[classes];
    int[] order = new int[xs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(o.seed());
    float lr = (float) o.learningRate();
    float l2 = (float) o.l2();
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int s : order) {
        SparseVector x = xs.get(s);
        int y = ys[s];
        scores(w, b, classes, x, p);
        softmaxInPlace(p);
        p[y] -= 1.0;
        int[] idx = x.indices();
        float[] val = x.values();
        for (int c = 0; c < classes; c++) {
          float g = (float) p[c];
          if (Math.abs(g) < 1e-4f) {
            continue;
          }
          for (int k = 0; k < idx.length; k++) {
            int pos = idx[k] * classes + c;
            float grad = g * val[k] + l2 * w[pos];
            gw[pos] += grad * grad;
            w[pos] -= lr * grad / (float) Math.sqrt(gw[pos] + 1e-8f);
          }
          gb[c] += g * g;
          b[c] -= lr * g / (float) Math.sqrt(gb[c] + 1e-8f);
        }
      }
    }
    return new SoftmaxRegression(classes, dimension, w, b);
  }

  private static void scores(float[] w, float[] b, int classes, SparseVector x, double[] out) {
    for (int c = 0; c < classes; c++) {
      out[c] = b[c];
    }
    int[] idx = x.indices();
    float[] val = x.values();
    for (int k = 0; k < idx.length; k++) {
      int base = idx[k] * classes;
      float v = val[k];
      for (int c = 0; c < classes; c++) {
        out[c] += v * w[base + c];
      }
    }
  }

  /** Raw class scores (logits). */
  public double[] logits(SparseVector x) {
    double[] out = new double[classes];
    scores(weights, bias, classes, x, out);
    return out;
  }

  public double[] probabilities(SparseVector x) {
    double[] p = logits(x);
    softmaxInPlace(p);
    return p;
  }

  static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < z.length; i++) {
      z[i] /= sum;
    }
  }
}
