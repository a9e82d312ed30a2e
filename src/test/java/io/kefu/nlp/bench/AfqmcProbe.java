package io.kefu.nlp.bench;

import io.kefu.kb.*;
import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class AfqmcProbe {
  public static void main(String[] args) {
    List<Datasets.Pair> pairs = Datasets.readPairs(Path.of(args[0]));
    Segmenter seg = new ChineseSegmenter().load();
    BgeEmbedder emb = new BgeEmbedder(64);
    TextNormalizer norm = new TextNormalizer();
    Map<String, Integer> docIds = new LinkedHashMap<>();
    for (Datasets.Pair p : pairs) docIds.putIfAbsent(p.sentence2(), docIds.size());
    List<FaqEntry> entries = new ArrayList<>();
    docIds.forEach((k, v) -> entries.add(new FaqEntry("d" + v, "t", k, List.of(), "", List.of(), Optional.empty(), "")));
    long t0 = System.nanoTime();
    FaqIndex idx = FaqIndex.build(new FaqCorpus(entries, CorpusVersion.EMPTY), new FaqIndex.Config(30, 30, 0.3, 0.2, 1.0), norm, seg, emb);
    System.out.println("docs " + entries.size() + " build s " + (System.nanoTime() - t0) / 1e9);
    List<Datasets.Pair> pos = pairs.stream().filter(p -> p.label().equals("1")).toList();
    double[] ws = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.0};
    int[] h1 = new int[ws.length]; int[] h5 = new int[ws.length]; double[] mrr = new double[ws.length];
    t0 = System.nanoTime();
    for (Datasets.Pair p : pos) {
      String want = "d" + docIds.get(p.sentence2());
      FaqSearchResult r = idx.search(p.sentence1(), 100);
      for (int w = 0; w < ws.length; w++) {
        double ww = ws[w];
        List<FaqHit> hs = new ArrayList<>(r.hits());
        hs.sort((a, b) -> Double.compare(ww * b.bm25() + (1 - ww) * b.cosine(), ww * a.bm25() + (1 - ww) * a.cosine()));
        for (int i = 0; i < Math.min(10, hs.size()); i++) if (hs.get(i).entry().id().equals(want)) { if (i == 0) h1[w]++; if (i < 5) h5[w]++; mrr[w] += 1.0 / (i + 1); break; }
      }
    }
    System.out.println("queries " + pos.size() + " ms/q " + (System.nanoTime() - t0) / 1e6 / pos.size());
    for (int w = 0; w < ws.length; w++) System.out.printf("w %.1f hit1 %.4f hit5 %.4f mrr %.4f%n", ws[w], h1[w] / (double) pos.size(), h5[w] / (double) pos.size(), mrr[w] / pos.size());
  }
}
