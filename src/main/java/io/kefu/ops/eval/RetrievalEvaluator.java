package io.kefu.ops.eval;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqEntry;
import io.kefu.kb.FaqHit;
import io.kefu.kb.FaqIndex;
import io.kefu.kb.FaqSearchResult;
import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.Embedder;
import io.kefu.nlp.Segmenter;
import io.kefu.nlp.TextNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AFQMC-style retrieval evaluation: every distinct {@code sentence2} becomes an FAQ entry, every positive pair's
 * {@code sentence1} a query whose relevant entry is its {@code sentence2}.
 */
public final class RetrievalEvaluator {
  private final TextNormalizer normalizer;
  private final Segmenter segmenter;
  private final Embedder embedder;
  private final FaqIndex.Config config;

  public RetrievalEvaluator(TextNormalizer normalizer, Segmenter segmenter, Embedder embedder,
      FaqIndex.Config config) {
    this.normalizer = normalizer;
    this.segmenter = segmenter;
    this.embedder = embedder;
    this.config = config;
  }

  public RetrievalReport evaluatePairs(String name, List<Datasets.Pair> pairs) {
    Map<String, Integer> docIds = new LinkedHashMap<>();
    for (Datasets.Pair p : pairs) {
      docIds.putIfAbsent(p.sentence2(), docIds.size());
    }
    List<FaqEntry> entries = new ArrayList<>();
    for (Map.Entry<String, Integer> d : docIds.entrySet()) {
      entries.add(new FaqEntry("d" + d.getValue(), "afqmc", d.getKey(), List.of(), "", List.of(), Optional.empty(),
          "afqmc:" + d.getValue()));
    }
    List<Datasets.Pair> positives = pairs.stream().filter(p -> p.label().equals("1")).toList();
    try (FaqIndex index = FaqIndex.build(new FaqCorpus(entries, CorpusVersion.EMPTY), config, normalizer, segmenter,
        embedder)) {
      int[] ranks = new int[positives.size()];
      for (int i = 0; i < positives.size(); i++) {
        String want = "d" + docIds.get(positives.get(i).sentence2());
        FaqSearchResult r = index.search(positives.get(i).sentence1(), 10);
        ranks[i] = rankOf(r.hits(), want);
      }
      return RetrievalReport.of(name, entries.size(), ranks);
    }
  }

  static int rankOf(List<FaqHit> hits, String id) {
    for (int i = 0; i < hits.size(); i++) {
      if (hits.get(i).entry().id().equals(id)) {
        return i + 1;
      }
    }
    return 0;
  }
}
