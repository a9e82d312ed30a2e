package io.kefu.kb;

import io.kefu.nlp.DotProduct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains an {@link EmbeddingAdapter} from sentence pairs: {@code W} starts at the identity and follows Adam on
 * <ul>
 *   <li>a symmetric in-batch-negatives InfoNCE loss over the same-meaning pairs (each sentence must pick its
 *   partner among the batch's other partners and the batch's different-meaning sentences), and</li>
 *   <li>optionally ({@code pairWeight > 0}) a logistic loss on the cosine of every labelled pair, which pushes
 *   known near-misses (different-meaning pairs) apart,</li>
 * </ul>
 * plus an L2 pull of {@code W} towards the identity. Deterministic for a given seed and input order (the batch
 * maths is split over cores by output row, each row summed in a fixed order).
 */
public final class EmbeddingAdapterTrainer {

  /** A pair of embeddings (raw, L2-normalised encoder output) and whether the two sentences mean the same. */
  public record Pair(float[] first, float[] second, boolean same) {
  }

  /**
   * Training parameters.
   *
   * @param epochs       passes over the same-meaning pairs
   * @param batchSize    same-meaning pairs per batch (in-batch negatives come from the other pairs)
   * @param learningRate Adam step size
   * @param temperature  InfoNCE temperature on cosines
   * @param decay        L2 weight on {@code W - I}
   * @param pairWeight   weight of the logistic pair loss (0 = different-meaning pairs serve only as negatives)
   * @param mined        hard negatives per same-meaning pair: the sentences (of all pairs) nearest to its first
   *                     sentence before training, other than its partner, join its batch (0 = none)
   * @param seed         shuffling seed
   */
  public record Config(int epochs, int batchSize, double learningRate, double temperature, double decay,
      double pairWeight, int mined, long seed) {
    public static final Config DEFAULT = new Config(2, 64, 1e-4, 0.05, 1e-4, 0.0, 0, 42);

    public Config {
      if (epochs < 0 || batchSize < 2 || learningRate <= 0 || temperature <= 0 || decay < 0 || pairWeight < 0
          || mined < 0) {
        throw new IllegalArgumentException("invalid adapter training config");
      }
    }

    public Config withSeed(long s) {
      return new Config(epochs, batchSize, learningRate, temperature, decay, pairWeight, mined, s);
    }

    public Config withEpochs(int e) {
      return new Config(e, batchSize, learningRate, temperature, decay, pairWeight, mined, seed);
    }
  }

  /** The trained adapter and the mean training loss of each epoch (index 0 = before any update). */
  public record Result(EmbeddingAdapter adapter, double[] epochLoss) {
  }

  private static final double PAIR_TEMPERATURE = 0.05;
  private static final float NEAR_DUPLICATE = 0.999f;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final Config config;

  public EmbeddingAdapterTrainer(Config config) {
    this.config = config;
  }

  /** Trains on {@code pairs}; with fewer than two same-meaning pairs the result is the identity. */
  public Result train(List<Pair> pairs, int dim) {
    List<Pair> positives = new ArrayList<>();
    List<Pair> negatives = new ArrayList<>();
    for (Pair p : pairs) {
      if (p.first().length != dim || p.second().length != dim) {
        throw new IllegalArgumentException("pair vectors must have dimension " + dim);
      }
      (p.same() ? positives : negatives).add(p);
    }
    State s = new State(dim);
    double[] losses = new double[config.epochs() + 1];
    if (positives.size() < 2) {
      return new Result(EmbeddingAdapter.identity(dim), losses);
    }
    Map<Pair, float[][]> mined = config.mined() == 0 ? Map.of() : mine(positives, pairs, dim);
    Random rnd = new Random(config.seed());
    losses[0] = epoch(s, positives, negatives, mined, rnd, false);
    for (int e = 1; e <= config.epochs(); e++) {
      losses[e] = epoch(s, positives, negatives, mined, rnd, true);
    }
    float[] w = new float[dim * dim];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) s.w[i];
    }
    return new Result(new EmbeddingAdapter(dim, w), losses);
  }

  /** For each same-meaning pair, the {@code mined} sentences nearest to its first one that are not its partner. */
  private Map<Pair, float[][]> mine(List<Pair> positives, List<Pair> all, int dim) {
    Map<Float, List<float[]>> seen = new HashMap<>();
    List<float[]> pool = new ArrayList<>();
    for (Pair p : all) {
      for (float[] v : new float[][] {p.first(), p.second()}) {
        List<float[]> same = seen.computeIfAbsent(v[0], k -> new ArrayList<>());
        if (same.stream().noneMatch(o -> o == v || Arrays.equals(o, v))) {
          same.add(v);
          pool.add(v);
        }
      }
    }
    float[] flat = new float[pool.size() * dim];
    for (int i = 0; i < pool.size(); i++) {
      System.arraycopy(pool.get(i), 0, flat, i * dim, dim);
    }
    int m = config.mined();
    float[][][] out = new float[positives.size()][][];
    IntStream.range(0, positives.size()).parallel().forEach(k -> {
      Pair p = positives.get(k);
      int[] best = new int[m];
      float[] bestScore = new float[m];
      Arrays.fill(best, -1);
      Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < pool.size(); i++) {
        float c = DotProduct.of(p.first(), flat, i * dim, dim);
        if (c <= bestScore[m - 1] || c > NEAR_DUPLICATE
            || DotProduct.of(p.second(), flat, i * dim, dim) > NEAR_DUPLICATE) {
          continue;
        }
        int j = m - 1;
        while (j > 0 && bestScore[j - 1] < c) {
          bestScore[j] = bestScore[j - 1];
          best[j] = best[j - 1];
          j--;
        }
        bestScore[j] = c;
        best[j] = i;
      }
      out[k] = Arrays.stream(best).filter(i -> i >= 0).mapToObj(pool::get).toArray(float[][]::new);
    });
    Map<Pair, float[][]> byPair = new IdentityHashMap<>();
    for (int k = 0; k < positives.size(); k++) {
      byPair.put(positives.get(k), out[k]);
    }
    return byPair;
  }

  /** One pass; without {@code update} it only measures the loss (same batching, no step). */
  private double epoch(State s, List<Pair> positives, List<Pair> negatives, Map<Pair, float[][]> mined, Random rnd,
      boolean update) {
    List<Pair> pos = new ArrayList<>(positives);
    List<Pair> neg = new ArrayList<>(negatives);
    Collections.shuffle(pos, rnd);
    Collections.shuffle(neg, rnd);
    int batches = (pos.size() + config.batchSize() - 1) / config.batchSize();
    int negPerBatch = neg.isEmpty() ? 0 : Math.max(1, neg.size() / batches);
    double total = 0;
    int counted = 0;
    for (int b = 0; b < batches; b++) {
      List<Pair> bp = pos.subList(b * config.batchSize(), Math.min(pos.size(), (b + 1) * config.batchSize()));
      if (bp.size() < 2) {
        continue;
      }
      List<Pair> bn = neg.isEmpty() ? List.of()
          : neg.subList(Math.min(neg.size(), b * negPerBatch), Math.min(neg.size(), (b + 1) * negPerBatch));
      List<float[]> extra = new ArrayList<>();
      for (Pair p : bp) {
        extra.addAll(Arrays.asList(mined.getOrDefault(p, new float[0][])));
      }
      total += step(s, bp, bn, extra, update);
      counted++;
    }
    return counted == 0 ? 0 : total / counted;
  }

  private double step(State s, List<Pair> bp, List<Pair> bn, List<float[]> extra, boolean update) {
    int dim = s.dim;
    int p = bp.size();
    int q = bn.size();
    // rows 0..p-1 first sentences, p..2p-1 their partners, then the negatives' two sentences, then mined ones
    int n = 2 * p + 2 * q + extra.size();
    float[][] x = new float[n][];
    for (int i = 0; i < p; i++) {
      x[i] = bp.get(i).first();
      x[p + i] = bp.get(i).second();
    }
    for (int k = 0; k < q; k++) {
      x[2 * p + k] = bn.get(k).first();
      x[2 * p + q + k] = bn.get(k).second();
    }
    for (int k = 0; k < extra.size(); k++) {
      x[2 * p + 2 * q + k] = extra.get(k);
    }
    double[][] z = new double[n][];
    double[] norm = new double[n];
    double[][] u = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] zi = new double[dim];
      double nn = 0;
      for (int r = 0; r < dim; r++) {
        double acc = 0;
        int off = r * dim;
        for (int c = 0; c < dim; c++) {
          acc += s.w[off + c] * x[i][c];
        }
        zi[r] = acc;
        nn += acc * acc;
      }
      z[i] = zi;
      norm[i] = Math.max(Math.sqrt(nn), 1e-12);
      double[] ui = new double[dim];
      for (int r = 0; r < dim; r++) {
        ui[r] = zi[r] / norm[i];
      }
      u[i] = ui;
    });
    double[][] g = new double[n][dim]; // d loss / d u
    double loss = 0;
    // InfoNCE, both directions: row i (0..2p-1) picks its partner among the other side's p sentences and all the
    // negative and mined sentences
    int rows = 2 * p;
    double tau = config.temperature();
    for (int i = 0; i < rows; i++) {
      int partner = i < p ? i + p : i - p;
      int sideStart = i < p ? p : 0;
      int cols = p + (n - 2 * p);
      int[] col = new int[cols];
      for (int j = 0; j < p; j++) {
        col[j] = sideStart + j;
      }
      for (int k = 0; k < n - 2 * p; k++) {
        col[p + k] = 2 * p + k;
      }
      double[] logit = new double[cols];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        logit[j] = dot(u[i], u[col[j]]) / tau;
        max = Math.max(max, logit[j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        logit[j] = Math.exp(logit[j] - max);
        sum += logit[j];
      }
      for (int j = 0; j < cols; j++) {
        double prob = logit[j] / sum;
        double coef = (prob - (col[j] == partner ? 1 : 0)) / (tau * rows);
        if (col[j] == partner) {
          loss -= Math.log(Math.max(prob, 1e-300)) / rows;
        }
        if (coef != 0) {
          axpy(coef, u[col[j]], g[i]);
          axpy(coef, u[i], g[col[j]]);
        }
      }
    }
    // logistic loss on labelled pairs: sigma((cos - bias) / T) should be the label
    if (config.pairWeight() > 0) {
      int pairs = p + q;
      double biasGrad = 0;
      for (int k = 0; k < pairs; k++) {
        int a = k < p ? k : 2 * p + (k - p);
        int b = k < p ? k + p : 2 * p + q + (k - p);
        double label = k < p ? 1 : 0;
        double l = (dot(u[a], u[b]) - s.bias) / PAIR_TEMPERATURE;
        double sig = 1 / (1 + Math.exp(-l));
        loss += config.pairWeight() * (label == 1 ? softplus(-l) : softplus(l)) / pairs;
        double coef = config.pairWeight() * (sig - label) / (PAIR_TEMPERATURE * pairs);
        axpy(coef, u[b], g[a]);
        axpy(coef, u[a], g[b]);
        biasGrad -= coef;
      }
      if (update) {
        s.bias -= 0.01 * biasGrad;
      }
    }
    if (!update) {
      return loss;
    }
    // through the normalisation: dz = (g - u (u.g)) / |z|
    double[][] dz = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      double ug = dot(u[i], g[i]);
      double[] d = new double[dim];
      for (int r = 0; r < dim; r++) {
        d[r] = (g[i][r] - u[i][r] * ug) / norm[i];
      }
      dz[i] = d;
    });
    s.t++;
    double lr = config.learningRate() * Math.sqrt(1 - Math.pow(BETA2, s.t)) / (1 - Math.pow(BETA1, s.t));
    IntStream.range(0, dim).parallel().forEach(r -> {
      int off = r * dim;
      double[] grad = new double[dim];
      for (int i = 0; i < n; i++) {
        double d = dz[i][r];
        if (d != 0) {
          float[] xi = x[i];
          for (int c = 0; c < dim; c++) {
            grad[c] += d * xi[c];
          }
        }
      }
      for (int c = 0; c < dim; c++) {
        int k = off + c;
        double gr = grad[c] + config.decay() * (s.w[k] - (r == c ? 1 : 0));
        s.m[k] = BETA1 * s.m[k] + (1 - BETA1) * gr;
        s.v[k] = BETA2 * s.v[k] + (1 - BETA2) * gr * gr;
        s.w[k] -= lr * s.m[k] / (Math.sqrt(s.v[k]) + EPS);
      }
    });
    return loss;
  }

  private static double softplus(double v) {
    return v > 30 ? v : Math.log1p(Math.exp(v));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  /** Weights and Adam moments. */
  private static final class State {
    final int dim;
    final double[] w;
    final double[] m;
    final double[] v;
    double bias = 0.8;
    int t;

    State(int dim) {
      this.dim = dim;
      w = new double[dim * dim];
      m = new double[dim * dim];
      v = new double[dim * dim];
      for (int i = 0; i < dim; i++) {
        w[i * dim + i] = 1;
      }
    }
  }
}
