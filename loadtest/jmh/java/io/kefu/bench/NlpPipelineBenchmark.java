package io.kefu.bench;

import io.kefu.load.ShopMessages;
import io.kefu.bot.BotPolicy;
import io.kefu.bot.BotPolicyConfig;
import io.kefu.bot.DialogueState;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqSearchResult;
import io.kefu.nlp.Featurizer;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.NlpPipeline;
import io.kefu.nlp.NlpResult;
import io.kefu.nlp.TextNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the NLP pipeline on the demo corpus ({@code intents/}, {@code kb/}) with the default models, one
 * benchmark thread (one core's worth of work; ONNX Runtime runs with one intra-op thread).
 * <ul>
 *   <li>{@code uniqueMessage}: {@link NlpPipeline#analyse} of a never-seen message (cache miss every call);</li>
 *   <li>{@code cachedRepeat}: {@code analyse} of 16 texts seen before (cache hit every call);</li>
 *   <li>{@code decide}: {@link BotPolicy#decide} on a precomputed result;</li>
 *   <li>{@code part*}: the stages of a cache miss measured one by one on precomputed inputs, to show where the
 *       time goes; {@code uniqueMessageNoEmbedding} is a what-if: the same pipeline built without the embedder
 *       (sparse classifier, BM25-only FAQ search); {@code uniqueMessageAlwaysEmbedded} is the reference for A/B runs
 *       (fast path off: every miss embeds, as before the FAQ could skip the embedding).</li>
 * </ul>
 * Run from the project root (the corpus paths are relative): see {@code loadtest/README.md}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true"})
@Threads(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class NlpPipelineBenchmark {

  /** Texts per pool; the unique pool is larger than the pipeline's 10,000-entry cache, so even a wrap misses. */
  static final int UNIQUE = 60_000;
  static final int POOL = 2_000;
  static final TextNormalizer NORMALIZER = new TextNormalizer();

  /** The default models (CoreNLP ctb.small segmenter, bge-small-zh), once per fork. */
  @State(Scope.Benchmark)
  public static class Models {
    NlpPipeline.Models models;
    MessageAnalyzer analyzer;

    @Setup(Level.Trial)
    public void setup() {
      long t0 = System.nanoTime();
      models = NlpPipeline.Models.load();
      analyzer = new MessageAnalyzer(models.segmenter(), NlpPipeline.Options.DEFAULT.features());
      System.out.printf("%n[setup] models loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The demo corpus ({@code intents/}, {@code kb/}; run from the project root). */
  @State(Scope.Benchmark)
  public static class Corpus {
    IntentCorpus intents;
    FaqCorpus faq;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      intents = new IntentCorpusLoader().load(Path.of("intents"));
      faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    }
  }

  /** The pipeline built from the demo corpus, once per fork. */
  @State(Scope.Benchmark)
  public static class Nlp {
    IntentCorpus intents;
    FaqCorpus faq;
    NlpPipeline pipeline;

    @Setup(Level.Trial)
    public void setup(Models models, Corpus corpus) {
      long t0 = System.nanoTime();
      intents = corpus.intents;
      faq = corpus.faq;
      pipeline = NlpPipeline.build(intents, faq, models.models, NlpPipeline.Options.DEFAULT);
      System.out.printf("%n[setup] pipeline built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @TearDown(Level.Trial)
    public void close() {
      pipeline.close();
    }
  }

  /** Never-seen messages, consumed in order. */
  @State(Scope.Thread)
  public static class Unique {
    List<String> messages;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      messages = new ShopMessages(20_261_112L).unique(UNIQUE);
    }

    String next() {
      String m = messages.get(next);
      next = next + 1 == messages.size() ? 0 : next + 1;
      return m;
    }
  }

  /** A few texts already in the cache. */
  @State(Scope.Thread)
  public static class Cached {
    String[] texts;
    int next;

    @Setup(Level.Trial)
    public void setup(Nlp nlp) {
      texts = new ShopMessages(7L).unique(16).toArray(String[]::new);
      for (String t : texts) {
        nlp.pipeline.analyse(t);
      }
    }
  }

  /** Precomputed analyses (normalised text, words, features) of distinct messages, for the stage benchmarks. */
  @State(Scope.Thread)
  public static class Pool {
    List<String> raw;
    List<MessageAnalyzer.Analysis> analyses;
    int next;

    @Setup(Level.Trial)
    public void setup(Models models) {
      raw = new ShopMessages(99L).unique(POOL);
      analyses = new ArrayList<>(POOL);
      for (String m : raw) {
        analyses.add(models.analyzer.analyse(m));
      }
    }

    int index() {
      int i = next;
      next = next + 1 == analyses.size() ? 0 : next + 1;
      return i;
    }
  }

  /** Raw messages only (the normaliser needs no model). */
  @State(Scope.Thread)
  public static class RawPool {
    String[] raw;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      raw = new ShopMessages(99L).unique(POOL).toArray(String[]::new);
    }
  }

  /** The pool's query embeddings (only the benchmarks that take this state pay for computing them). */
  @State(Scope.Thread)
  public static class Embedded {
    List<float[]> vectors;

    @Setup(Level.Trial)
    public void setup(Models models, Pool pool) {
      vectors = models.models.embedder().embedAll(pool.analyses.stream().map(MessageAnalyzer.Analysis::normalized)
          .toList());
    }
  }

  /** Precomputed NLP results and the bot policy. */
  @State(Scope.Thread)
  public static class Decisions {
    BotPolicy policy;
    NlpResult[] results;
    int next;

    @Setup(Level.Trial)
    public void setup(Nlp nlp) {
      policy = new BotPolicy(nlp.intents, nlp.faq, BotPolicyConfig.DEFAULT);
      results = new ShopMessages(5L).unique(256).stream().map(nlp.pipeline::analyse).toArray(NlpResult[]::new);
    }
  }

  /**
   * Reference for A/B runs: the fast path switched off, so every miss runs the embedding, the full ensemble and the
   * hybrid FAQ search (what every miss cost before the FAQ could skip the embedding).
   */
  @State(Scope.Benchmark)
  public static class AlwaysEmbedded {
    NlpPipeline pipeline;

    @Setup(Level.Trial)
    public void setup(Models models, Corpus corpus) {
      NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
      pipeline = NlpPipeline.build(corpus.intents, corpus.faq, models.models, new NlpPipeline.Options(d.features(),
          d.classifier().withFastPath(1.0), d.faq(), d.topIntents(), d.topFaqs(), d.cacheSize()));
    }

    @TearDown(Level.Trial)
    public void close() {
      pipeline.close();
    }
  }

  /** The same corpus built without the embedder: sparse classifier and BM25-only FAQ (what-if). */
  @State(Scope.Benchmark)
  public static class NoEmbedding {
    NlpPipeline pipeline;

    @Setup(Level.Trial)
    public void setup(Models models, Corpus corpus) {
      NlpPipeline.Models m = new NlpPipeline.Models(models.models.segmenter(), null);
      pipeline = NlpPipeline.build(corpus.intents, corpus.faq, m, NlpPipeline.Options.DEFAULT);
    }

    @TearDown(Level.Trial)
    public void close() {
      pipeline.close();
    }
  }

  // ---- end to end ----

  @Benchmark
  @Warmup(iterations = 4, time = 5)
  @Measurement(iterations = 5, time = 6)
  public NlpResult uniqueMessage(Nlp nlp, Unique unique) {
    return nlp.pipeline.analyse(unique.next());
  }

  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 2)
  public NlpResult cachedRepeat(Nlp nlp, Cached cached) {
    int i = cached.next;
    cached.next = (i + 1) & 15;
    return nlp.pipeline.analyse(cached.texts[i]);
  }

  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 2)
  public BotPolicy.Outcome decide(Decisions d) {
    int i = d.next;
    d.next = (i + 1) & 255;
    return d.policy.decide(d.results[i], DialogueState.EMPTY, 1_000_000L);
  }

  @Benchmark
  @Warmup(iterations = 4, time = 5)
  @Measurement(iterations = 5, time = 6)
  public NlpResult uniqueMessageAlwaysEmbedded(AlwaysEmbedded reference, Unique unique) {
    return reference.pipeline.analyse(unique.next());
  }

  @Benchmark
  public NlpResult uniqueMessageNoEmbedding(NoEmbedding none, Unique unique) {
    return none.pipeline.analyse(unique.next());
  }

  // ---- stages of a cache miss ----

  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 2)
  public TextNormalizer.Normalized partNormalize(RawPool pool) {
    int i = pool.next;
    pool.next = i + 1 == pool.raw.length ? 0 : i + 1;
    return NORMALIZER.analyse(pool.raw[i]);
  }

  /** CoreNLP word segmentation alone. */
  @Benchmark
  public List<String> partSegment(Models models, Pool pool) {
    return models.models.segmenter().segment(pool.analyses.get(pool.index()).normalized());
  }

  /** Entities + segmentation + human/complaint rules + features: everything before the models. */
  @Benchmark
  public MessageAnalyzer.Analysis partFrontHalf(Models models, Pool pool) {
    MessageAnalyzer.Analysis a = pool.analyses.get(pool.index());
    return models.analyzer.analyseNormalized(a.normalized(), a.emojiSentiment());
  }

  /** bge-small-zh query embedding alone (ONNX, one thread). */
  @Benchmark
  public float[] partEmbed(Models models, Pool pool) {
    return models.models.embedder().embed(pool.analyses.get(pool.index()).normalized());
  }

  /** The sparse n-gram/word softmax only (no embedding supplier: the classifier cannot leave its fast path). */
  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public IntentClassifier.Prediction partClassifySparse(Nlp nlp, Pool pool) {
    return nlp.pipeline.classifier().predict(pool.analyses.get(pool.index()).features(), null,
        NlpPipeline.Options.DEFAULT.topIntents());
  }

  /** The full classifier with the embedding already computed (dense softmax + kNN when not on the fast path). */
  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public IntentClassifier.Prediction partClassifyEnsemble(Nlp nlp, Pool pool, Embedded emb) {
    int i = pool.index();
    float[] v = emb.vectors.get(i);
    return nlp.pipeline.classifier().predict(pool.analyses.get(i).features(), () -> v,
        NlpPipeline.Options.DEFAULT.topIntents());
  }

  /** FAQ search, Lucene BM25 only. */
  @Benchmark
  public FaqSearchResult partFaqBm25(Nlp nlp, Pool pool) {
    MessageAnalyzer.Analysis a = pool.analyses.get(pool.index());
    return nlp.pipeline.faqIndex().searchNormalized(a.normalized(), wordsFor(a), null,
        NlpPipeline.Options.DEFAULT.topFaqs());
  }

  /** FAQ search, BM25 + embedding re-rank with the embedding already computed. */
  @Benchmark
  public FaqSearchResult partFaqHybrid(Nlp nlp, Pool pool, Embedded emb) {
    int i = pool.index();
    MessageAnalyzer.Analysis a = pool.analyses.get(i);
    float[] v = emb.vectors.get(i);
    return nlp.pipeline.faqIndex().searchNormalized(a.normalized(), wordsFor(a), () -> v,
        NlpPipeline.Options.DEFAULT.topFaqs());
  }

  /**
   * Every stage of a cache miss in sequence on the pool's messages, as {@code NlpPipeline.analyse} runs them
   * (minus the result cache): compare with the sum of the {@code part*} benchmarks and with {@code uniqueMessage}.
   */
  @Benchmark
  public FaqSearchResult partAllStages(Models models, Nlp nlp, Pool pool, Blackhole bh) {
    TextNormalizer.Normalized n = models.analyzer.normalizer().analyse(pool.raw.get(pool.index()));
    MessageAnalyzer.Analysis a = models.analyzer.analyseNormalized(n.text(), n.emojiSentiment());
    float[] v = models.models.embedder().embed(a.normalized());
    bh.consume(nlp.pipeline.classifier().predict(a.features(), () -> v, NlpPipeline.Options.DEFAULT.topIntents()));
    return nlp.pipeline.faqIndex().searchNormalized(a.normalized(), wordsFor(a), () -> v,
        NlpPipeline.Options.DEFAULT.topFaqs());
  }

  private static List<String> wordsFor(MessageAnalyzer.Analysis a) {
    Featurizer.Config f = NlpPipeline.Options.DEFAULT.features();
    return f.words() ? a.words() : null; // as NlpPipeline passes them
  }
}
