package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

/** Learns a diagonal re-weighting of embedding dimensions on AFQMC train (listwise softmax), scores dev. */
public class MetricProbe {
  record Split(List<float[]> q, List<float[]> d, int[] want) {}

  static Split load(String split, BgeEmbedder e, TextNormalizer tn) {
    List<Datasets.Pair> pairs = Datasets.readPairs(Path.of("../shared/datasets/afqmc-dataclue/" + split + ".json"));
    Map<String, Integer> docIds = new LinkedHashMap<>();
    for (Datasets.Pair p : pairs) docIds.putIfAbsent(p.sentence2(), docIds.size());
    List<Datasets.Pair> pos = pairs.stream().filter(p -> p.label().equals("1")).toList();
    return new Split(e.embedAll(pos.stream().map(p -> tn.normalize(p.sentence1())).toList()),
        e.embedAll(docIds.keySet().stream().map(tn::normalize).toList()), pos.stream().mapToInt(p -> docIds.get(p.sentence2())).toArray());
  }

  static double score(float[] q, float[] d, double[] w) { double s = 0; for (int k = 0; k < q.length; k++) s += w[k] * q[k] * d[k]; return s; }

  static String eval(Split s, double[] w) {
    int h1 = 0, h5 = 0; double mrr = 0;
    for (int i = 0; i < s.q.size(); i++) {
      double ws = score(s.q.get(i), s.d.get(s.want[i]), w); int rank = 1;
      for (int j = 0; j < s.d.size(); j++) if (j != s.want[i] && score(s.q.get(i), s.d.get(j), w) > ws) rank++;
      if (rank == 1) h1++; if (rank <= 5) h5++; if (rank <= 10) mrr += 1.0 / rank;
    }
    return String.format("hit1 %.4f hit5 %.4f mrr %.4f", h1 / (double) s.q.size(), h5 / (double) s.q.size(), mrr / s.q.size());
  }

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    TextNormalizer tn = new TextNormalizer();
    BgeEmbedder e = new BgeEmbedder(64);
    Split tr = load("train", e, tn), dv = load("dev", e, tn);
    int D = 512, C = 50;
    double[] ones = new double[D]; Arrays.fill(ones, 1);
    System.out.println("plain dev " + eval(dv, ones));
    // candidate products
    List<float[][]> prods = new ArrayList<>(); List<Integer> posIdx = new ArrayList<>();
    for (int i = 0; i < tr.q.size(); i++) {
      float[] q = tr.q.get(i); int n = tr.d.size();
      Integer[] ord = new Integer[n]; double[] sc = new double[n];
      for (int j = 0; j < n; j++) { ord[j] = j; sc[j] = score(q, tr.d.get(j), ones); }
      Arrays.sort(ord, (a, b) -> Double.compare(sc[b], sc[a]));
      List<Integer> cand = new ArrayList<>(Arrays.asList(ord).subList(0, C));
      if (!cand.contains(tr.want[i])) cand.set(C - 1, tr.want[i]);
      float[][] pr = new float[C][D];
      for (int c = 0; c < C; c++) { float[] d = tr.d.get(cand.get(c)); for (int k = 0; k < D; k++) pr[c][k] = q[k] * d[k]; }
      prods.add(pr); posIdx.add(cand.indexOf(tr.want[i]));
    }
    for (double l2 : new double[] {1e-3, 1e-2}) {
      double[] w = ones.clone(); double tau = 0.05, lr = 0.5;
      double[] m = new double[D], v = new double[D];
      for (int it = 1; it <= 150; it++) {
        double[] g = new double[D]; double loss = 0;
        for (int i = 0; i < prods.size(); i++) {
          float[][] pr = prods.get(i); double[] s = new double[C]; double mx = -1e9;
          for (int c = 0; c < C; c++) { double t = 0; for (int k = 0; k < D; k++) t += w[k] * pr[c][k]; s[c] = t / tau; mx = Math.max(mx, s[c]); }
          double z = 0; for (int c = 0; c < C; c++) { s[c] = Math.exp(s[c] - mx); z += s[c]; }
          int p = posIdx.get(i); loss -= Math.log(s[p] / z);
          for (int c = 0; c < C; c++) { double coef = (s[c] / z - (c == p ? 1 : 0)) / tau; for (int k = 0; k < D; k++) g[k] += coef * pr[c][k]; }
        }
        for (int k = 0; k < D; k++) { double gk = g[k] / prods.size() + l2 * (w[k] - 1); m[k] = 0.9 * m[k] + 0.1 * gk; v[k] = 0.999 * v[k] + 0.001 * gk * gk; double mh = m[k] / (1 - Math.pow(0.9, it)), vh = v[k] / (1 - Math.pow(0.999, it)); w[k] -= lr * 0.01 * mh / (Math.sqrt(vh) + 1e-8); }
        if (it % 50 == 0) System.out.printf("l2 %.0e it %d loss %.4f train %s | dev %s%n", l2, it, loss / prods.size(), eval(tr, w), eval(dv, w));
      }
    }
  }
}
