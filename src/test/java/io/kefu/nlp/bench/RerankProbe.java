package io.kefu.nlp.bench;

import io.kefu.kb.*;
import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class RerankProbe {
  static TextNormalizer norm = new TextNormalizer();

  static double dice(String a, String b, int n) {
    Set<String> x = grams(a, n), y = grams(b, n);
    if (x.isEmpty() || y.isEmpty()) return 0;
    int common = 0; for (String g : x) if (y.contains(g)) common++;
    return 2.0 * common / (x.size() + y.size());
  }
  static Set<String> grams(String s, int n) { Set<String> g = new HashSet<>(); for (int i = 0; i + n <= s.length(); i++) g.add(s.substring(i, i + n)); return g; }

  record Cand(double[] f, boolean pos) {}

  static List<List<Cand>> collect(Path file, Segmenter seg, Embedder emb) {
    List<Datasets.Pair> pairs = Datasets.readPairs(file);
    Map<String, Integer> docIds = new LinkedHashMap<>();
    for (Datasets.Pair p : pairs) docIds.putIfAbsent(p.sentence2(), docIds.size());
    List<FaqEntry> entries = new ArrayList<>();
    docIds.forEach((k, v) -> entries.add(new FaqEntry("d" + v, "t", k, List.of(), "", List.of(), Optional.empty(), "")));
    FaqIndex idx = FaqIndex.build(new FaqCorpus(entries, CorpusVersion.EMPTY), new FaqIndex.Config(30, 30, 0.0, 0.2, 1.0), norm, seg, emb);
    List<List<Cand>> out = new ArrayList<>();
    for (Datasets.Pair p : pairs) {
      if (!p.label().equals("1")) continue;
      String want = "d" + docIds.get(p.sentence2());
      String q = norm.normalize(p.sentence1());
      FaqSearchResult r = idx.search(p.sentence1(), 100);
      List<Cand> cs = new ArrayList<>();
      double maxCos = r.hits().isEmpty() ? 0 : r.hits().get(0).cosine();
      for (FaqHit h : r.hits()) {
        String d = h.matched();
        double[] f = {h.cosine(), h.bm25(), dice(q, d, 1), dice(q, d, 2), dice(q, d, 3), h.cosine() - maxCos, Math.abs(q.length() - d.length()) / (double) Math.max(q.length(), d.length())};
        cs.add(new Cand(f, h.entry().id().equals(want)));
      }
      out.add(cs);
    }
    return out;
  }

  static double[] fit(List<List<Cand>> data, int dims) {
    // pairwise logistic (RankNet-style) on (positive, negative) pairs, plain gradient descent
    double[] w = new double[dims]; w[0] = 1;
    for (int it = 0; it < 300; it++) {
      double[] g = new double[dims]; int n = 0;
      for (List<Cand> cs : data) {
        Cand pos = null; for (Cand c : cs) if (c.pos) pos = c;
        if (pos == null) continue;
        for (Cand c : cs) { if (c.pos) continue; double s = 0; for (int k = 0; k < dims; k++) s += w[k] * (pos.f[k] - c.f[k]); double pr = 1 / (1 + Math.exp(s)); for (int k = 0; k < dims; k++) g[k] += pr * (pos.f[k] - c.f[k]); n++; }
      }
      for (int k = 0; k < dims; k++) w[k] += 2.0 * g[k] / n - 1e-4 * w[k];
    }
    return w;
  }

  static String eval(List<List<Cand>> data, double[] w, int dims) {
    int h1 = 0, h5 = 0; double mrr = 0;
    for (List<Cand> cs : data) {
      List<Cand> s = new ArrayList<>(cs);
      s.sort((a, b) -> Double.compare(score(b, w, dims), score(a, w, dims)));
      for (int i = 0; i < Math.min(10, s.size()); i++) if (s.get(i).pos) { if (i == 0) h1++; if (i < 5) h5++; mrr += 1.0 / (i + 1); break; }
    }
    return String.format("hit1 %.4f hit5 %.4f mrr %.4f", h1 / (double) data.size(), h5 / (double) data.size(), mrr / data.size());
  }
  static double score(Cand c, double[] w, int dims) { double s = 0; for (int k = 0; k < dims; k++) s += w[k] * c.f[k]; return s; }

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    Segmenter seg = new ChineseSegmenter().load();
    BgeEmbedder emb = new BgeEmbedder(64);
    List<List<Cand>> train = collect(Path.of("../shared/datasets/afqmc-dataclue/train.json"), seg, emb);
    List<List<Cand>> dev = collect(Path.of("../shared/datasets/afqmc-dataclue/dev.json"), seg, emb);
    for (int dims : new int[] {1, 2, 4, 5, 7}) {
      double[] w = fit(train, dims);
      System.out.println("dims " + dims + " w " + Arrays.toString(w) + " train " + eval(train, w, dims) + " | dev " + eval(dev, w, dims));
    }
  }
}
