package io.kefu.nlp;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqIndex;
import io.kefu.kb.FaqSearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NLP core built from one corpus version: analyse a message into an {@link NlpResult}. Immutable apart from an
 * LRU cache of results keyed by normalised text; thread-safe. Hot reload builds a new pipeline in the background
 * ({@link #buildAsync}) and swaps the reference atomically; {@link #version()} tells which corpus it serves.
 * Blocking (CoreNLP, ONNX, Lucene): call from a worker pool.
 */
public final class NlpPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NlpPipeline.class);

  /** Build options. */
  public record Options(Featurizer.Config features, IntentClassifier.Config classifier, FaqIndex.Config faq,
      int topIntents, int topFaqs, int cacheSize) {
    public static final Options DEFAULT = new Options(Featurizer.Config.DEFAULT, IntentClassifier.Config.DEFAULT,
        FaqIndex.Config.DEFAULT, 3, 3, 10_000);
  }

  /** Shared, loaded-once models: reuse them across rebuilds. */
  public record Models(Segmenter segmenter, Embedder embedder) {
    /** Loads the CoreNLP segmenter ({@code ctb.small}) and bge-small-zh (blocking, a few seconds). */
    public static Models load() {
      CompletableFuture<BgeEmbedder> embedder = CompletableFuture.supplyAsync(BgeEmbedder::new);
      ChineseSegmenter segmenter = new ChineseSegmenter().load();
      return new Models(segmenter, embedder.join());
    }
  }

  private final MessageAnalyzer analyzer;
  private final Embedder embedder;
  private final IntentClassifier classifier;
  private final FaqIndex faqIndex;
  private final CorpusVersion version;
  private final Options options;
  private final Map<String, NlpResult> cache;

  private NlpPipeline(MessageAnalyzer analyzer, Embedder embedder, IntentClassifier classifier, FaqIndex faqIndex,
      CorpusVersion version, Options options) {
    this.analyzer = analyzer;
    this.embedder = embedder;
    this.classifier = classifier;
    this.faqIndex = faqIndex;
    this.version = version;
    this.options = options;
    int max = options.cacheSize();
    this.cache = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, NlpResult> eldest) {
        return size() > max;
      }
    };
  }

  /** Trains the classifier on the intents and indexes the FAQ (blocking). {@code faq} may be null. */
  public static NlpPipeline build(IntentCorpus intents, FaqCorpus faq, Models models, Options options) {
    long t0 = System.nanoTime();
    MessageAnalyzer analyzer = new MessageAnalyzer(models.segmenter(), options.features());
    List<LabeledText> examples = intents.examples();
    // CoreNLP annotation is thread-safe: segment the examples on all cores
    List<MessageAnalyzer.Analysis> analyses = examples.parallelStream().map(e -> analyzer.analyse(e.text())).toList();
    long tAnalysed = System.nanoTime();
    List<float[]> vectors = models.embedder() == null || !options.classifier().useEmbeddings() ? null
        : models.embedder().embedAll(analyses.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    List<IntentClassifier.Sample> samples = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      samples.add(new IntentClassifier.Sample(examples.get(i).label(), analyses.get(i).features(),
          vectors == null ? null : vectors.get(i)));
    }
    long tEmbedded = System.nanoTime();
    IntentClassifier classifier = IntentClassifier.train(samples, options.classifier());
    long tTrained = System.nanoTime();
    FaqIndex index = faq == null ? null
        : FaqIndex.build(faq, options.faq(), analyzer.normalizer(), models.segmenter(), models.embedder());
    CorpusVersion version = faq == null ? intents.version() : CorpusVersion.combine(intents.version(), faq.version());
    long tDone = System.nanoTime();
    LOG.info("NLP pipeline {} built from {} examples, {} intents, {} FAQ documents in {} ms (analyse {}, embed {},"
            + " train {}, FAQ index {})", version.shortId(), examples.size(), classifier.labels().size(),
        index == null ? 0 : index.documents(), (tDone - t0) / 1_000_000, (tAnalysed - t0) / 1_000_000,
        (tEmbedded - tAnalysed) / 1_000_000, (tTrained - tEmbedded) / 1_000_000, (tDone - tTrained) / 1_000_000);
    return new NlpPipeline(analyzer, models.embedder(), classifier, index, version, options);
  }

  /** Builds on {@code executor}; the caller swaps its reference when the future completes. */
  public static CompletableFuture<NlpPipeline> buildAsync(IntentCorpus intents, FaqCorpus faq, Models models,
      Options options, Executor executor) {
    return CompletableFuture.supplyAsync(() -> build(intents, faq, models, options), executor);
  }

  public CorpusVersion version() {
    return version;
  }

  public IntentClassifier classifier() {
    return classifier;
  }

  public FaqIndex faqIndex() {
    return faqIndex;
  }

  /** Analyses one message (cached by normalised text). */
  public NlpResult analyse(String text) {
    TextNormalizer.Normalized n = analyzer.normalizer().analyse(text);
    String key = cacheKey(n);
    synchronized (cache) {
      NlpResult hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
    }
    NlpResult result = compute(n);
    synchronized (cache) {
      cache.put(key, result);
    }
    return result;
  }

  /**
   * The analysis {@link #analyse} would return from its cache, or null when this text (once normalised) has not been
   * analysed yet. Never blocks: normalises and looks up only (a few microseconds), so a caller may answer repeats on
   * its own thread and send only misses to the worker pool.
   */
  public NlpResult cached(String text) {
    String key = cacheKey(analyzer.normalizer().analyse(text));
    synchronized (cache) {
      return cache.get(key);
    }
  }

  private static String cacheKey(TextNormalizer.Normalized n) {
    return n.text() + "\u0000" + n.emojiSentiment();
  }

  /**
   * Classifies one message the way {@link #analyse} does, without the FAQ search and without touching the cache:
   * for measuring the classifier on held-out texts (the golden set).
   */
  public IntentClassifier.Prediction classify(String text) {
    TextNormalizer.Normalized n = analyzer.normalizer().analyse(text);
    MessageAnalyzer.Analysis a = analyzer.analyseNormalized(n.text(), n.emojiSentiment());
    return predictIntents(a, lazyEmbedding(a));
  }

  private NlpResult compute(TextNormalizer.Normalized n) {
    MessageAnalyzer.Analysis a = analyzer.analyseNormalized(n.text(), n.emojiSentiment());
    Supplier<float[]> embedding = lazyEmbedding(a);
    IntentClassifier.Prediction intents = predictIntents(a, embedding);
    // fast path (the classifier was confident without the embedding): BM25 alone ranks the FAQ, so the embedding,
    // the most expensive stage, is never computed; loadtest/RESULTS.md ("NLP cost") measures what that changes
    Supplier<float[]> faqEmbedding = intents.usedEmbedding() || !options.classifier().useEmbeddings() ? embedding : null;
    FaqSearchResult faq = faqIndex == null ? FaqSearchResult.EMPTY
        : faqIndex.searchNormalized(a.normalized(), options.features().words() ? a.words() : null, faqEmbedding,
            options.topFaqs());
    return new NlpResult(a.normalized(), a.entities(), a.signals(), intents, faq, version);
  }

  private IntentClassifier.Prediction predictIntents(MessageAnalyzer.Analysis a, Supplier<float[]> embedding) {
    return a.normalized().isEmpty() ? IntentClassifier.Prediction.NONE
        : classifier.predict(a.features(), embedding, options.topIntents());
  }

  /** The message's embedding, computed on first use only (confident turns may never need it). */
  private Supplier<float[]> lazyEmbedding(MessageAnalyzer.Analysis a) {
    return embedder == null ? null : new Supplier<>() {
      private float[] value;

      @Override
      public float[] get() {
        if (value == null) {
          value = embedder.embed(a.normalized());
        }
        return value;
      }
    };
  }

  public int cachedResults() {
    synchronized (cache) {
      return cache.size();
    }
  }

  @Override
  public void close() {
    if (faqIndex != null) {
      faqIndex.close();
    }
  }
}
