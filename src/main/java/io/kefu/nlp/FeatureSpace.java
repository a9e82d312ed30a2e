package io.kefu.nlp;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Vocabulary of feature keys seen at least {@code minCount} times in training; maps keys to a sparse vector of
 * sub-linear (1 + log tf) weights, L2-normalised. Immutable after construction, so thread-safe.
 */
public final class FeatureSpace {
  private final Map<String, Integer> index;

  private FeatureSpace(Map<String, Integer> index) {
    this.index = index;
  }

  public static FeatureSpace build(Collection<List<String>> documents, int minCount) {
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> doc : documents) {
      for (String f : doc) {
        counts.merge(f, 1, Integer::sum);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    counts.entrySet().stream()
        .filter(e -> e.getValue() >= minCount)
        .map(Map.Entry::getKey)
        .sorted()
        .forEach(k -> index.put(k, index.size()));
    return new FeatureSpace(Map.copyOf(index));
  }

  public int dimension() {
    return index.size();
  }

  public SparseVector vector(List<String> features) {
    int[] ids = new int[features.size()];
    int n = 0;
    for (String f : features) {
      Integer id = index.get(f);
      if (id != null) {
        ids[n++] = id;
      }
    }
    if (n == 0) {
      return SparseVector.EMPTY;
    }
    Arrays.sort(ids, 0, n);
    int[] uniq = new int[n];
    float[] vals = new float[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m > 0 && uniq[m - 1] == ids[i]) {
        vals[m - 1] += 1f;
      } else {
        uniq[m] = ids[i];
        vals[m] = 1f;
        m++;
      }
    }
    double norm = 0;
    for (int i = 0; i < m; i++) {
      vals[i] = (float) (1 + Math.log(vals[i]));
      norm += vals[i] * vals[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < m; i++) {
      vals[i] *= inv;
    }
    return new SparseVector(Arrays.copyOf(uniq, m), Arrays.copyOf(vals, m));
  }
}
