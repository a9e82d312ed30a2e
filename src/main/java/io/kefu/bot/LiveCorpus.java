package io.kefu.bot;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.NlpPipeline;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpus the bot answers from. {@link #reload()} validates {@code intents/} and {@code kb/},
 * trains and indexes in the background, measures the new classifier's per-intent precision on the golden set
 * ({@code intents/golden.yml}, never trained on) and swaps the result in atomically: turns in flight finish on
 * the version they started with, and a corpus with errors is refused while the old one stays.
 */
public final class LiveCorpus implements Supplier<LoadedCorpus> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveCorpus.class);

  private final Path intentsDir;
  private final Path kbDir;
  private final IntentCorpusLoader.Limits limits;
  private final Supplier<NlpPipeline.Models> models;
  private final NlpPipeline.Options options;
  private final BotPolicyConfig policy;
  private final Executor builder;
  private final AtomicReference<LoadedCorpus> current = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<LoadedCorpus>> running = new AtomicReference<>();
  private final AtomicReference<Built> built = new AtomicReference<>();
  private final java.time.Clock clock;

  /**
   * When the corpus in use was built and how it scored on its golden set (the share of golden cases whose top
   * intent is right, against the gate {@code gate.minAccuracy}); {@code goldenCases} is 0 without a golden set.
   */
  public record Built(long atMillis, int goldenCases, int goldenCorrect, double goldenGate) {
    public double goldenAccuracy() {
      return goldenCases == 0 ? 0 : (double) goldenCorrect / goldenCases;
    }
  }

  /**
   * @param models  loads the segmenter and embedding model once (blocking, called on {@code builder})
   * @param builder where loading and training run (one background thread)
   */
  public LiveCorpus(Path intentsDir, Path kbDir, IntentCorpusLoader.Limits limits, Supplier<NlpPipeline.Models> models,
                    NlpPipeline.Options options, BotPolicyConfig policy, Executor builder) {
    this(intentsDir, kbDir, limits, models, options, policy, builder, java.time.Clock.systemUTC());
  }

  /** @param clock stamps {@link #built()} */
  public LiveCorpus(Path intentsDir, Path kbDir, IntentCorpusLoader.Limits limits, Supplier<NlpPipeline.Models> models,
                    NlpPipeline.Options options, BotPolicyConfig policy, Executor builder, java.time.Clock clock) {
    this.clock = clock;
    this.intentsDir = intentsDir;
    this.kbDir = kbDir;
    this.limits = limits;
    this.models = models;
    this.options = options;
    this.policy = policy;
    this.builder = builder;
  }

  /** The corpus in use, or null before the first build finished. */
  @Override
  public LoadedCorpus get() {
    return current.get();
  }

  /** Build time and golden-set score of the corpus in use, or null before the first build finished. */
  public Built built() {
    return built.get();
  }

  public Path intentsDir() {
    return intentsDir;
  }

  public Path kbDir() {
    return kbDir;
  }

  /**
   * Builds from the files and swaps the result in. A reload asked for while one is running joins it.
   * Fails with {@link CorpusException} (every problem with file and line) when the files are invalid.
   */
  public CompletableFuture<LoadedCorpus> reload() {
    CompletableFuture<LoadedCorpus> next = new CompletableFuture<>();
    CompletableFuture<LoadedCorpus> inFlight = running.compareAndExchange(null, next);
    if (inFlight != null) {
      return inFlight;
    }
    CompletableFuture.supplyAsync(this::build, builder).whenComplete((loaded, err) -> {
      running.set(null);
      if (err != null) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
            ? err.getCause() : err;
        LOG.warn("Corpus reload refused, keeping version {}: {}",
            current.get() == null ? "none" : current.get().version().shortId(), cause.getMessage());
        next.completeExceptionally(cause);
      } else {
        current.set(loaded.corpus());
        built.set(loaded.built());
        next.complete(loaded.corpus());
      }
    });
    return next;
  }

  /** Loads and validates the files without building (fast); throws with every problem found. */
  public void validate() throws CorpusException {
    IntentCorpus intents = new IntentCorpusLoader(limits).load(intentsDir);
    new FaqCorpusLoader().load(kbDir, intents.byName().keySet());
  }

  private record Result(LoadedCorpus corpus, Built built) {
  }

  private Result build() {
    long started = System.nanoTime();
    try {
      IntentCorpus intents = new IntentCorpusLoader(limits).load(intentsDir);
      FaqCorpus faq = new FaqCorpusLoader().load(kbDir, intents.byName().keySet());
      NlpPipeline pipeline = NlpPipeline.build(intents, faq, models.get(), options);
      long measuring = System.nanoTime();
      IntentPrecision precision = IntentPrecision.measure(intents.golden(), text -> pipeline.classify(text).top());
      BotPolicy botPolicy = new BotPolicy(intents, faq, policy, precision);
      LoadedCorpus loaded = new LoadedCorpus(pipeline, botPolicy, pipeline.version(), precision);
      LOG.info("Corpus {} loaded: {} intents, {} FAQ entries in {} ms; golden precision of {} cases measured in {} ms,"
              + " {} intents answered at lowered confidence under overload", loaded.version().shortId(),
          intents.intents().size(), faq.entries().size(), (System.nanoTime() - started) / 1_000_000,
          intents.golden().cases().size(), (System.nanoTime() - measuring) / 1_000_000,
          botPolicy.overloadIntents().size());
      int correct = precision.byIntent().values().stream().mapToInt(IntentPrecision.Measured::correct).sum();
      return new Result(loaded, new Built(clock.millis(), intents.golden().cases().size(), correct,
          intents.golden().minAccuracy()));
    } catch (CorpusException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
