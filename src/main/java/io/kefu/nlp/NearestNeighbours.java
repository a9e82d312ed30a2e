package io.kefu.nlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cosine kNN over L2-normalised training vectors, restricted to the examples of a few candidate classes (the
 * runners-up of the cheaper models), which keeps a query to a few hundred dot products. The top {@code k}
 * neighbours vote with weights {@code exp((sim - best) / temperature)}. Immutable, thread-safe.
 */
public final class NearestNeighbours {
  private final float[][] byClass; // per class: its vectors, flattened
  private final int dim;
  private final int classes;
  private final int k;
  private final double temperature;

  public NearestNeighbours(List<float[]> vectors, int[] labels, int classes, int k, double temperature) {
    this.dim = vectors.get(0).length;
    this.classes = classes;
    this.k = k;
    this.temperature = temperature;
    List<List<float[]>> grouped = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      grouped.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      grouped.get(labels[i]).add(vectors.get(i));
    }
    byClass = new float[classes][];
    for (int c = 0; c < classes; c++) {
      List<float[]> g = grouped.get(c);
      float[] flat = new float[g.size() * dim];
      for (int i = 0; i < g.size(); i++) {
        System.arraycopy(g.get(i), 0, flat, i * dim, dim);
      }
      byClass[c] = flat;
    }
  }

  /**
   * Class distribution over {@code candidates} (other classes get {@code epsilon} mass), smoothed so that the
   * log is finite.
   */
  public double[] distribution(float[] query, int[] candidates, double epsilon) {
    float[] topSim = new float[k];
    int[] topClass = new int[k];
    Arrays.fill(topSim, Float.NEGATIVE_INFINITY);
    for (int c : candidates) {
      float[] flat = byClass[c];
      for (int off = 0; off < flat.length; off += dim) {
        float s = DotProduct.of(query, flat, off, dim);
        if (s > topSim[k - 1]) {
          int j = k - 1;
          while (j > 0 && topSim[j - 1] < s) {
            topSim[j] = topSim[j - 1];
            topClass[j] = topClass[j - 1];
            j--;
          }
          topSim[j] = s;
          topClass[j] = c;
        }
      }
    }
    double[] dist = new double[classes];
    double total = 0;
    for (int j = 0; j < k && topSim[j] != Float.NEGATIVE_INFINITY; j++) {
      double w = Math.exp((topSim[j] - topSim[0]) / temperature);
      dist[topClass[j]] += w;
      total += w;
    }
    for (int c = 0; c < classes; c++) {
      dist[c] = (total == 0 ? 0 : dist[c] / total + epsilon) / (1 + epsilon * classes);
      if (total == 0) {
        dist[c] = 1.0 / classes;
      }
    }
    return dist;
  }

}
