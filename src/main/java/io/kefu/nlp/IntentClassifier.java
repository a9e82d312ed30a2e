package io.kefu.nlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Intent classifier combining three views of a message in a log-linear ensemble:
 * <ol>
 *   <li>softmax regression over character n-gram, CoreNLP word and entity features;</li>
 *   <li>softmax regression over the bge-small-zh sentence embedding;</li>
 *   <li>cosine kNN over the embeddings of the training examples.</li>
 * </ol>
 * Ensemble weights and a temperature are chosen on a stratified hold-out split of the training data; Platt
 * scaling on the same split turns the top probability into a confidence (probability that the top intent is
 * right). When the sparse model alone is confident enough the embedding is never computed (fast path; the default
 * 0.8 keeps the golden accuracy, see loadtest/RESULTS.md).
 * Deterministic for a seed; immutable and thread-safe once trained.
 */
public final class IntentClassifier {

  /** Hyper-parameters; {@link #DEFAULT} is what the evaluation reports use. */
  public record Config(
      int minFeatureCount,
      SoftmaxRegression.Options sparse,
      DenseSoftmax.Options dense,
      int knnCandidates,
      int knnK,
      double knnTemperature,
      double holdoutFraction,
      double fastPathConfidence,
      boolean useEmbeddings,
      double priorCorrection,
      long seed) {
    public static final Config DEFAULT = new Config(1,
        new SoftmaxRegression.Options(4, 0.15, 3e-4, 42),
        new DenseSoftmax.Options(6, 0.5, 1e-4, 43),
        8, 20, 1.0, 0.2, 0.8, true, 0.5, 42);

    public Config withFastPath(double confidence) {
      return new Config(minFeatureCount, sparse, dense, knnCandidates, knnK, knnTemperature, holdoutFraction, confidence,
          useEmbeddings, priorCorrection, seed);
    }

    public Config withPriorCorrection(double tau) {
      return new Config(minFeatureCount, sparse, dense, knnCandidates, knnK, knnTemperature, holdoutFraction,
          fastPathConfidence, useEmbeddings, tau, seed);
    }

    public Config withSeed(long newSeed) {
      return new Config(minFeatureCount, sparse, dense, knnCandidates, knnK, knnTemperature, holdoutFraction,
          fastPathConfidence, useEmbeddings, priorCorrection, newSeed);
    }

    public Config withEmbeddings(boolean use) {
      return new Config(minFeatureCount, sparse, dense, knnCandidates, knnK, knnTemperature, holdoutFraction, fastPathConfidence,
          use, priorCorrection, seed);
    }
  }

  /** One training example: label, feature keys (from {@link Featurizer}) and embedding (null if unused). */
  public record Sample(String label, List<String> features, float[] embedding) {
  }

  /** An intent with its ensemble probability. */
  public record Scored(String intent, double probability) {
  }

  /**
   * Ranked intents; {@code confidence} is the calibrated probability that the first is right, {@code margin} the
   * probability gap to the runner-up.
   */
  public record Prediction(List<Scored> ranked, double confidence, double margin, boolean usedEmbedding) {
    /** No intent at all (empty message). */
    public static final Prediction NONE = new Prediction(List.of(), 0, 0, false);

    public Prediction {
      ranked = List.copyOf(ranked);
    }

    /** The top intent; throws on {@link #NONE}. */
    public String intent() {
      return ranked.get(0).intent();
    }

    public java.util.Optional<String> top() {
      return ranked.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ranked.get(0).intent());
    }
  }

  /** Ensemble weights of the three log-probabilities and the softmax temperature. */
  public record Weights(double sparse, double dense, double knn, double temperature) {
  }

  /** Logistic map from the log-odds of the top probability to a calibrated confidence. */
  public record Platt(double a, double b) {
    public double apply(double topProbability) {
      double p = Math.min(1 - 1e-9, Math.max(1e-9, topProbability));
      return 1 / (1 + Math.exp(-(a * Math.log(p / (1 - p)) + b)));
    }
  }

  private final List<String> labels;
  private final FeatureSpace space;
  private final SoftmaxRegression sparseModel;
  private final DenseSoftmax denseModel;
  private final NearestNeighbours knn;
  private final Weights weights;
  private final Platt ensemblePlatt;
  private final Platt sparsePlatt;
  private final Config config;
  private final double[] adjustment; // -tau * log(prior), or null

  private IntentClassifier(List<String> labels, Components c, Weights weights, Platt ensemblePlatt,
      Platt sparsePlatt, Config config, double[] adjustment) {
    this.adjustment = adjustment;
    this.labels = List.copyOf(labels);
    this.space = c.space;
    this.sparseModel = c.sparse;
    this.denseModel = c.dense;
    this.knn = c.knn;
    this.weights = weights;
    this.ensemblePlatt = ensemblePlatt;
    this.sparsePlatt = sparsePlatt;
    this.config = config;
  }

  public List<String> labels() {
    return labels;
  }

  public Weights weights() {
    return weights;
  }

  public Platt ensemblePlatt() {
    return ensemblePlatt;
  }

  public Config config() {
    return config;
  }

  public int featureDimension() {
    return space.dimension();
  }

  private record Components(FeatureSpace space, SoftmaxRegression sparse, DenseSoftmax dense,
      NearestNeighbours knn) {
  }

  public static IntentClassifier train(List<Sample> samples, Config config) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no training samples");
    }
    Map<String, Integer> labelIndex = new LinkedHashMap<>();
    samples.stream().map(Sample::label).sorted().forEach(l -> labelIndex.putIfAbsent(l, labelIndex.size()));
    List<String> labels = new ArrayList<>(labelIndex.keySet());
    int[] ys = samples.stream().mapToInt(s -> labelIndex.get(s.label())).toArray();
    boolean useEmb = config.useEmbeddings() && samples.get(0).embedding() != null;

    double[] adjustment = priorAdjustment(ys, labels.size(), config.priorCorrection());
    // the final model trains on a second core while the hold-out model picks weights and calibration
    java.util.concurrent.CompletableFuture<Components> fullFit = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> fit(samples, ys, labels.size(), config, useEmb));
    // 1. hold-out split for ensemble weights and calibration
    boolean[] held = holdout(ys, labels.size(), config.holdoutFraction(), config.seed());
    List<Sample> fitPart = new ArrayList<>();
    List<Integer> fitY = new ArrayList<>();
    List<Integer> heldIdx = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      if (held[i]) {
        heldIdx.add(i);
      } else {
        fitPart.add(samples.get(i));
        fitY.add(ys[i]);
      }
    }
    Weights weights = new Weights(1, 0, 0, 1);
    Platt ensemblePlatt = new Platt(1, 0);
    Platt sparsePlatt = new Platt(1, 0);
    if (!heldIdx.isEmpty() && !fitPart.isEmpty()) {
      Components part = fit(fitPart, fitY.stream().mapToInt(Integer::intValue).toArray(), labels.size(), config,
          useEmb);
      int n = heldIdx.size();
      double[][] logS = new double[n][];
      double[][] logD = new double[n][];
      double[][] logK = new double[n][];
      int[] gold = new int[n];
      for (int j = 0; j < n; j++) {
        Sample s = samples.get(heldIdx.get(j));
        gold[j] = ys[heldIdx.get(j)];
        logS[j] = adjust(log(part.sparse.probabilities(part.space.vector(s.features()))), adjustment);
        if (useEmb) {
          double[] pd = part.dense.probabilities(s.embedding());
          logD[j] = adjust(log(pd), adjustment);
          logK[j] = adjust(log(part.knn.distribution(s.embedding(), candidates(logS[j], pd, config.knnCandidates()),
              1e-3)), adjustment);
        }
      }
      weights = useEmb ? chooseWeights(logS, logD, logK, gold) : new Weights(1, 0, 0, fitTemperature(logS, null,
          null, gold, 1, 0, 0));
      double[] topEnsemble = new double[n];
      double[] topSparse = new double[n];
      boolean[] rightEnsemble = new boolean[n];
      boolean[] rightSparse = new boolean[n];
      for (int j = 0; j < n; j++) {
        double[] p = combine(logS[j], logD[j], logK[j], weights);
        int arg = argmax(p);
        topEnsemble[j] = p[arg];
        rightEnsemble[j] = arg == gold[j];
        double[] ps = combine(logS[j], null, null, new Weights(1, 0, 0, 1));
        int argS = argmax(ps);
        topSparse[j] = ps[argS];
        rightSparse[j] = argS == gold[j];
      }
      ensemblePlatt = fitPlatt(topEnsemble, rightEnsemble);
      sparsePlatt = fitPlatt(topSparse, rightSparse);
    }
    Components full = fullFit.join();
    return new IntentClassifier(labels, full, weights, ensemblePlatt, sparsePlatt, config, adjustment);
  }

  private static Components fit(List<Sample> samples, int[] ys, int classes, Config config, boolean useEmb) {
    FeatureSpace space = FeatureSpace.build(samples.stream().map(Sample::features).toList(), config.minFeatureCount());
    List<SparseVector> xs = samples.stream().map(s -> space.vector(s.features())).toList();
    SoftmaxRegression sparse = SoftmaxRegression.train(xs, ys, classes, space.dimension(), config.sparse());
    DenseSoftmax dense = null;
    NearestNeighbours knn = null;
    if (useEmb) {
      List<float[]> emb = samples.stream().map(Sample::embedding).toList();
      dense = DenseSoftmax.train(emb, ys, classes, config.dense());
      knn = new NearestNeighbours(emb, ys, classes, config.knnK(), config.knnTemperature());
    }
    return new Components(space, sparse, dense, knn);
  }

  /** Classifies a message from its feature keys; {@code embedding} is only called when the ensemble is needed. */
  public Prediction predict(List<String> features, Supplier<float[]> embedding, int topN) {
    double[] logS = adjust(log(sparseModel.probabilities(space.vector(features))), adjustment);
    boolean fast = denseModel == null || embedding == null;
    if (!fast && config.fastPathConfidence() < 1.0) {
      double[] ps = combine(logS, null, null, new Weights(1, 0, 0, 1));
      fast = sparsePlatt.apply(ps[argmax(ps)]) >= config.fastPathConfidence();
    }
    if (fast) {
      Weights w = denseModel == null ? weights : new Weights(1, 0, 0, 1);
      double[] p = combine(logS, null, null, w);
      return prediction(p, denseModel == null ? ensemblePlatt : sparsePlatt, false, topN);
    }
    float[] e = embedding.get();
    double[] pd = denseModel.probabilities(e);
    double[] pk = knn.distribution(e, candidates(logS, pd, config.knnCandidates()), 1e-3);
    double[] p = combine(logS, adjust(log(pd), adjustment), adjust(log(pk), adjustment), weights);
    return prediction(p, ensemblePlatt, true, topN);
  }

  private Prediction prediction(double[] p, Platt platt, boolean usedEmbedding, int topN) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    List<Scored> ranked = new ArrayList<>();
    for (int i = 0; i < Math.min(Math.max(1, topN), order.length); i++) {
      ranked.add(new Scored(labels.get(order[i]), p[order[i]]));
    }
    double second = order.length > 1 ? p[order[1]] : 0;
    return new Prediction(List.copyOf(ranked), platt.apply(p[order[0]]), p[order[0]] - second, usedEmbedding);
  }

  /** The {@code n} classes with the highest summed sparse+dense log-probability: where kNN looks. */
  static int[] candidates(double[] logS, double[] pDense, int n) {
    int classes = logS.length;
    n = Math.min(n, classes);
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      z[c] = logS[c] + Math.log(Math.max(1e-12, pDense[c]));
    }
    int[] top = new int[n];
    boolean[] taken = new boolean[classes];
    for (int i = 0; i < n; i++) {
      int best = -1;
      for (int c = 0; c < classes; c++) {
        if (!taken[c] && (best < 0 || z[c] > z[best])) {
          best = c;
        }
      }
      taken[best] = true;
      top[i] = best;
    }
    return top;
  }

  static double[] combine(double[] logS, double[] logD, double[] logK, Weights w) {
    double[] z = new double[logS.length];
    for (int c = 0; c < z.length; c++) {
      double v = w.sparse() * logS[c];
      if (logD != null && w.dense() != 0) {
        v += w.dense() * logD[c];
      }
      if (logK != null && w.knn() != 0) {
        v += w.knn() * logK[c];
      }
      z[c] = v / w.temperature();
    }
    SoftmaxRegression.softmaxInPlace(z);
    return z;
  }

  private static Weights chooseWeights(double[][] logS, double[][] logD, double[][] logK, int[] gold) {
    double bestAcc = -1;
    double[] best = {1, 0, 0};
    for (int a = 0; a <= 10; a++) {
      for (int b = 0; a + b <= 10; b++) {
        double ws = a / 10.0;
        double wd = b / 10.0;
        double wk = (10 - a - b) / 10.0;
        Weights w = new Weights(ws, wd, wk, 1);
        int right = 0;
        for (int j = 0; j < gold.length; j++) {
          if (argmax(combine(logS[j], logD[j], logK[j], w)) == gold[j]) {
            right++;
          }
        }
        double acc = right / (double) gold.length;
        if (acc > bestAcc + 1e-12) {
          bestAcc = acc;
          best = new double[] {ws, wd, wk};
        }
      }
    }
    double t = fitTemperature(logS, logD, logK, gold, best[0], best[1], best[2]);
    return new Weights(best[0], best[1], best[2], t);
  }

  /** Temperature minimising hold-out negative log-likelihood (golden-section search on log T). */
  private static double fitTemperature(double[][] logS, double[][] logD, double[][] logK, int[] gold, double ws,
      double wd, double wk) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double phi = (Math.sqrt(5) - 1) / 2;
    for (int it = 0; it < 40; it++) {
      double m1 = hi - phi * (hi - lo);
      double m2 = lo + phi * (hi - lo);
      if (nll(logS, logD, logK, gold, new Weights(ws, wd, wk, Math.exp(m1)))
          < nll(logS, logD, logK, gold, new Weights(ws, wd, wk, Math.exp(m2)))) {
        hi = m2;
      } else {
        lo = m1;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  private static double nll(double[][] logS, double[][] logD, double[][] logK, int[] gold, Weights w) {
    double s = 0;
    for (int j = 0; j < gold.length; j++) {
      double[] p = combine(logS[j], logD == null ? null : logD[j], logK == null ? null : logK[j], w);
      s -= Math.log(Math.max(1e-12, p[gold[j]]));
    }
    return s;
  }

  /** Platt scaling: logistic regression of correctness on the log-odds of the top probability; slope kept >= 0. */
  static Platt fitPlatt(double[] top, boolean[] right) {
    double a = 1;
    double b = 0;
    int n = top.length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double p = Math.min(1 - 1e-9, Math.max(1e-9, top[i]));
      x[i] = Math.log(p / (1 - p));
    }
    for (int it = 0; it < 200; it++) {
      // Newton-Raphson with a small ridge for stability
      double ga = 0.01 * a;
      double gb = 0;
      double haa = 0.01;
      double hab = 0;
      double hbb = 1e-6;
      for (int i = 0; i < n; i++) {
        double q = 1 / (1 + Math.exp(-(a * x[i] + b)));
        double r = q - (right[i] ? 1 : 0);
        ga += r * x[i];
        gb += r;
        double wq = q * (1 - q);
        haa += wq * x[i] * x[i];
        hab += wq * x[i];
        hbb += wq;
      }
      double det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new Platt(Math.max(0, a), b);
  }

  static boolean[] holdout(int[] ys, int classes, double fraction, long seed) {
    boolean[] held = new boolean[ys.length];
    if (fraction <= 0) {
      return held;
    }
    Map<Integer, List<Integer>> byClass = new HashMap<>();
    for (int i = 0; i < ys.length; i++) {
      byClass.computeIfAbsent(ys[i], k -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed);
    for (int c = 0; c < classes; c++) {
      List<Integer> idx = byClass.getOrDefault(c, List.of());
      if (idx.size() < 3) {
        continue;
      }
      List<Integer> shuffled = new ArrayList<>(idx);
      java.util.Collections.shuffle(shuffled, random);
      int take = Math.max(1, (int) Math.round(idx.size() * fraction));
      for (int i = 0; i < take; i++) {
        held[shuffled.get(i)] = true;
      }
    }
    return held;
  }

  /** Logit adjustment for class imbalance: {@code -tau * log(prior)}; null when tau is 0. */
  static double[] priorAdjustment(int[] ys, int classes, double tau) {
    if (tau == 0) {
      return null;
    }
    double[] counts = new double[classes];
    for (int y : ys) {
      counts[y]++;
    }
    double[] adj = new double[classes];
    for (int c = 0; c < classes; c++) {
      adj[c] = -tau * Math.log((counts[c] + 1) / (ys.length + classes));
    }
    return adj;
  }

  static double[] adjust(double[] logp, double[] adjustment) {
    if (adjustment != null) {
      for (int c = 0; c < logp.length; c++) {
        logp[c] += adjustment[c];
      }
    }
    return logp;
  }

  static double[] log(double[] p) {
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Math.log(Math.max(1e-12, p[i]));
    }
    return out;
  }

  static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
