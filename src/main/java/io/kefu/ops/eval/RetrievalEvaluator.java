package io.kefu.ops.eval;

import io.kefu.bot.BotPolicyConfig;
import io.kefu.kb.EmbeddingAdapter;
import io.kefu.kb.EmbeddingAdapterTrainer;
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
import java.util.LinkedHashSet;
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
    this.embedder = embedder == null ? null : new MemoEmbedder(embedder);
    this.config = config;
  }

  /**
   * Cross-validates FAQ retrieval on the project's knowledge base: the paraphrases are dealt into {@code folds}
   * folds; each fold's paraphrases are the queries against an index of everything else (questions and the other
   * folds' paraphrases), built with {@code faq} (so an adapter set there is trained on that fold's index only).
   */
  public RetrievalReport crossValidate(String name, FaqCorpus corpus, FaqIndex.Config faq, int folds, long seed) {
    List<String[]> queries = new ArrayList<>(); // {entry id, paraphrase}
    for (FaqEntry e : corpus.entries()) {
      for (String p : e.paraphrases()) {
        queries.add(new String[] {e.id(), p});
      }
    }
    java.util.Collections.shuffle(queries, new java.util.Random(seed));
    int[] ranks = new int[queries.size()];
    int answered = 0;
    int answeredRight = 0;
    for (int f = 0; f < folds; f++) {
      java.util.Set<String> held = new java.util.HashSet<>();
      for (int i = f; i < queries.size(); i += folds) {
        held.add(queries.get(i)[0] + "\u0000" + queries.get(i)[1]);
      }
      List<FaqEntry> kept = new ArrayList<>();
      for (FaqEntry e : corpus.entries()) {
        kept.add(new FaqEntry(e.id(), e.topic(), e.question(),
            e.paraphrases().stream().filter(p -> !held.contains(e.id() + "\u0000" + p)).toList(), e.answer(), e.tags(),
            e.intent(), e.source()));
      }
      try (FaqIndex index = FaqIndex.build(new FaqCorpus(kept, corpus.version()), faq, normalizer, segmenter,
          embedder)) {
        for (int i = f; i < queries.size(); i += folds) {
          FaqSearchResult r = index.search(queries.get(i)[1], 10);
          ranks[i] = rankOf(r.hits(), queries.get(i)[0]);
          if (!r.hits().isEmpty() && r.hits().get(0).score() >= BotPolicyConfig.DEFAULT.faqScore()
              && r.margin() >= BotPolicyConfig.DEFAULT.faqMargin()) {
            answered++;
            answeredRight += ranks[i] == 1 ? 1 : 0;
          }
        }
      }
    }
    return RetrievalReport.of(name, corpus.entries().size(), ranks, answered, answeredRight);
  }

  public RetrievalReport evaluatePairs(String name, List<Datasets.Pair> pairs) {
    return evaluatePairs(name, pairs, null);
  }

  /**
   * Trains an embedding adapter on labelled pairs (label "1" same meaning, "0" different); each distinct
   * normalised text is embedded once.
   */
  public EmbeddingAdapterTrainer.Result trainAdapter(List<Datasets.Pair> pairs, EmbeddingAdapterTrainer.Config settings) {
    if (embedder == null) {
      throw new IllegalStateException("an embedding adapter needs the embedding model");
    }
    LinkedHashSet<String> texts = new LinkedHashSet<>();
    for (Datasets.Pair p : pairs) {
      texts.add(normalizer.normalize(p.sentence1()));
      texts.add(normalizer.normalize(p.sentence2()));
    }
    List<String> distinct = new ArrayList<>(texts);
    List<float[]> vectors = embedder.embedAll(distinct);
    Map<String, float[]> byText = new java.util.HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      byText.put(distinct.get(i), vectors.get(i));
    }
    List<EmbeddingAdapterTrainer.Pair> training = new ArrayList<>();
    for (Datasets.Pair p : pairs) {
      if (p.label().equals("1") || p.label().equals("0")) {
        training.add(new EmbeddingAdapterTrainer.Pair(byText.get(normalizer.normalize(p.sentence1())),
            byText.get(normalizer.normalize(p.sentence2())), p.label().equals("1")));
      }
    }
    return new EmbeddingAdapterTrainer(settings).train(training, embedder.dimension());
  }

  /** As {@link #evaluatePairs(String, List)} with the index's embeddings passed through {@code adapter} (or none). */
  public RetrievalReport evaluatePairs(String name, List<Datasets.Pair> pairs, EmbeddingAdapter adapter) {
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
        embedder, adapter)) {
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
