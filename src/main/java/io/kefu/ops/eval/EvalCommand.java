package io.kefu.ops.eval;

import io.kefu.kb.EmbeddingAdapterTrainer;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqIndex;
import io.kefu.nlp.BgeEmbedder;
import io.kefu.nlp.ChineseSegmenter;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.Embedder;
import io.kefu.nlp.Featurizer;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.LabeledText;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.Segmenter;
import io.kefu.nlp.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kefu eval}: cross-validates the project's intents, scores the golden set (exit code 1 when below its
 * gate), and optionally measures external data sets (CIC-style classification, AFQMC-style retrieval).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate intent classification and FAQ retrieval.")
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--intents", description = "intents directory (default: ${DEFAULT-VALUE}); skipped if absent",
      defaultValue = "intents")
  Path intents;

  @Option(names = "--kb", description = "FAQ directory to cross-validate retrieval on (default: ${DEFAULT-VALUE});"
      + " skipped if absent or without the embedding model", defaultValue = "kb")
  Path kb;

  @Option(names = "--folds", description = "cross-validation folds (default: ${DEFAULT-VALUE})", defaultValue = "5")
  int folds;

  @Option(names = "--target-precision", defaultValue = "0.9",
      description = "precision the suggested per-intent thresholds aim for (default: ${DEFAULT-VALUE})")
  double targetPrecision;

  @Option(names = "--min-examples", defaultValue = "15", description = "minimum examples per intent")
  int minExamples;

  @Option(names = "--cic-train", description = "JSONL training file (sentence, label[, label_des])")
  Path cicTrain;

  @Option(names = "--cic-test", description = "JSONL test file, same format")
  Path cicTest;

  @Option(names = "--afqmc", description = "JSONL sentence pairs (sentence1, sentence2, label) for retrieval")
  Path afqmc;

  @Option(names = "--afqmc-train", description = "JSONL sentence pairs, same format: train an embedding adapter on"
      + " them (label 1 pairs as positives, label 0 pairs as negatives) and score --afqmc with and without it")
  Path afqmcTrain;

  @Option(names = "--adapter-epochs", defaultValue = "2", description = "adapter training epochs (default: ${DEFAULT-VALUE})")
  int adapterEpochs;

  @Option(names = "--adapter-lr", defaultValue = "1e-4", description = "adapter learning rate (default: ${DEFAULT-VALUE})")
  double adapterLearningRate;

  @Option(names = "--adapter-temperature", defaultValue = "0.05",
      description = "adapter InfoNCE temperature (default: ${DEFAULT-VALUE})")
  double adapterTemperature;

  @Option(names = "--adapter-mined", defaultValue = "0",
      description = "mined hard negatives per training pair (default: ${DEFAULT-VALUE})")
  int adapterMined;

  @Option(names = "--faq-bm25-weight", defaultValue = "0.1",
      description = "weight of normalised BM25 against cosine when ranking FAQ entries (default: ${DEFAULT-VALUE})")
  double bm25Weight;

  @Option(names = "--prune-noisy", description = "drop external training examples whose label the cross-validated"
      + " model confidently disputes before training")
  boolean pruneNoisy;

  @Option(names = "--no-words", description = "disable CoreNLP word features (character n-grams only)")
  boolean noWords;

  @Option(names = "--no-embeddings", description = "sparse model only")
  boolean noEmbeddings;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--verbose", description = "log at INFO (default: warnings only)")
  boolean verbose;

  @Option(names = "--json", description = "write the report as JSON to this file")
  Path json;

  @Option(names = "--html", description = "write an HTML report with SVG plots to this file")
  Path html;

  @Override
  public Integer call() throws Exception {
    if (!verbose) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    List<String> notes = new ArrayList<>();
    long t0 = System.nanoTime();
    Segmenter segmenter = noWords ? Segmenter.CHARACTERS : new ChineseSegmenter().load();
    Embedder embedder = noEmbeddings ? null : new BgeEmbedder();
    notes.add(String.format("models loaded in %.1f s (words: %s, embeddings: %s)", (System.nanoTime() - t0) / 1e9,
        !noWords, !noEmbeddings));
    MessageAnalyzer analyzer = new MessageAnalyzer(segmenter, new Featurizer.Config(3, !noWords, !noWords));
    IntentClassifier.Config config = IntentClassifier.Config.DEFAULT.withEmbeddings(!noEmbeddings).withSeed(seed);

    ClassificationReport cv = null;
    IntentEvaluator.GoldenResult golden = null;
    java.util.Set<String> corpusIntents = null;
    List<IntentEvaluator.Suspect> suspects = List.of();
    if (intents != null && Files.isDirectory(intents)) {
      IntentCorpus corpus;
      try {
        corpus = new IntentCorpusLoader(new IntentCorpusLoader.Limits(minExamples, 1, 3)).load(intents);
      } catch (CorpusException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      corpusIntents = corpus.byName().keySet();
      IntentEvaluator evaluator = new IntentEvaluator(analyzer, embedder, config);
      long t1 = System.nanoTime();
      List<Outcome> outcomes = evaluator.crossValidate(corpus.examples(), folds, seed);
      cv = ClassificationMetrics.compute(folds + "-fold cross-validation on " + intents, outcomes, targetPrecision, 12);
      notes.add(String.format("cross-validation: %d examples, %d intents, %.1f s", corpus.examples().size(),
          corpus.intents().size(), (System.nanoTime() - t1) / 1e9));
      suspects = evaluator.suspects(corpus.examples(), folds, seed);
      if (!corpus.golden().cases().isEmpty()) {
        golden = evaluator.golden(evaluator.train(corpus.examples()), corpus.golden());
      }
    } else {
      notes.add("no intents directory at " + intents + ": project corpus skipped");
    }

    ClassificationReport external = null;
    if (cicTrain != null && cicTest != null) {
      List<LabeledText> train = Datasets.readLabeled(cicTrain);
      List<LabeledText> test = Datasets.readLabeled(cicTest);
      long t1 = System.nanoTime();
      IntentEvaluator evaluator = new IntentEvaluator(analyzer, embedder, config);
      if (pruneNoisy) {
        List<IntentEvaluator.Suspect> noisy = evaluator.suspects(train, folds, seed);
        notes.add(String.format("pruned %d of %d external training examples as probable label noise", noisy.size(),
            train.size()));
        train = IntentEvaluator.without(train, noisy);
      }
      List<Outcome> outcomes = evaluator.trainTest(train, test);
      external = ClassificationMetrics.compute("train " + cicTrain.getFileName() + " (" + train.size()
          + ") -> test " + cicTest.getFileName() + " (" + test.size() + ")", outcomes, targetPrecision, 12);
      notes.add(String.format("external classification: train %d, test %d, %.1f s", train.size(), test.size(),
          (System.nanoTime() - t1) / 1e9));
    }

    List<RetrievalReport> retrieval = new ArrayList<>();
    if (kb != null && Files.isDirectory(kb) && embedder != null) {
      long t1 = System.nanoTime();
      FaqCorpus faqCorpus;
      try {
        faqCorpus = new FaqCorpusLoader().load(kb, corpusIntents);
      } catch (CorpusException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      RetrievalEvaluator evaluator = new RetrievalEvaluator(new TextNormalizer(), segmenter, embedder,
          FaqIndex.Config.DEFAULT);
      FaqIndex.Config plain = FaqIndex.Config.DEFAULT.withAdapter(null);
      FaqIndex.Config adapted = FaqIndex.Config.DEFAULT.withAdapter(EmbeddingAdapterTrainer.Config.DEFAULT);
      retrieval.add(evaluator.crossValidate(folds + "-fold FAQ cross-validation on " + kb + " (paraphrases as"
          + " queries), no adapter", faqCorpus, plain, folds, seed));
      retrieval.add(evaluator.crossValidate(folds + "-fold FAQ cross-validation on " + kb + " (paraphrases as"
          + " queries), adapter trained on each fold's index", faqCorpus, adapted, folds, seed));
      notes.add(String.format("FAQ cross-validation: %d entries, %.1f s", faqCorpus.entries().size(),
          (System.nanoTime() - t1) / 1e9));
    }
    if (afqmc != null) {
      long t1 = System.nanoTime();
      FaqIndex.Config faq = new FaqIndex.Config(FaqIndex.Config.DEFAULT.bm25Candidates(),
          FaqIndex.Config.DEFAULT.embeddingCandidates(), bm25Weight, FaqIndex.Config.DEFAULT.answerBoost(),
          FaqIndex.Config.DEFAULT.wordBoost());
      RetrievalEvaluator evaluator = new RetrievalEvaluator(new TextNormalizer(), segmenter, embedder, faq);
      String name = "AFQMC retrieval on " + afqmc.getFileName() + " (bm25 weight " + bm25Weight + ")";
      List<Datasets.Pair> test = Datasets.readPairs(afqmc);
      RetrievalReport plain = evaluator.evaluatePairs(name, test);
      retrieval.add(plain);
      notes.add(String.format("retrieval: %.1f s", (System.nanoTime() - t1) / 1e9));
      if (afqmcTrain != null) {
        if (embedder == null) {
          System.err.println("--afqmc-train needs the embedding model (drop --no-embeddings)");
          return 2;
        }
        long t2 = System.nanoTime();
        List<Datasets.Pair> train = Datasets.readPairs(afqmcTrain);
        EmbeddingAdapterTrainer.Config training = new EmbeddingAdapterTrainer.Config(adapterEpochs,
            EmbeddingAdapterTrainer.Config.DEFAULT.batchSize(), adapterLearningRate, adapterTemperature,
            EmbeddingAdapterTrainer.Config.DEFAULT.decay(), EmbeddingAdapterTrainer.Config.DEFAULT.pairWeight(),
            adapterMined, seed);
        EmbeddingAdapterTrainer.Result adapter = evaluator.trainAdapter(train, training);
        notes.add(String.format("embedding adapter: trained on %d pairs of %s, %d epochs, loss %s, %.1f s",
            train.size(), afqmcTrain.getFileName(), adapterEpochs, losses(adapter.epochLoss()),
            (System.nanoTime() - t2) / 1e9));
        retrieval.add(evaluator.evaluatePairs(name + " with the adapter trained on " + afqmcTrain.getFileName(),
            test, adapter.adapter()));
      }
    }

    EvalReport report = new EvalReport(cv, golden, external, retrieval, suspects, notes);
    System.out.print(ReportWriter.text(report));
    if (json != null) {
      Files.writeString(json, ReportWriter.json(report), StandardCharsets.UTF_8);
    }
    if (html != null) {
      Files.writeString(html, ReportWriter.html(report), StandardCharsets.UTF_8);
    }
    return report.exitCode();
  }

  private static String losses(double[] perEpoch) {
    StringBuilder sb = new StringBuilder();
    for (double l : perEpoch) {
      sb.append(sb.length() == 0 ? "" : " -> ").append(String.format(java.util.Locale.ROOT, "%.3f", l));
    }
    return sb.toString();
  }

  public static void main(String[] args) {
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.offline", "true");
    System.exit(new CommandLine(new EvalCommand()).execute(args));
  }
}
