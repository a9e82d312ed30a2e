package io.kefu.ops.eval;

import io.kefu.nlp.Embedder;
import io.kefu.nlp.GoldenSet;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.LabeledText;
import io.kefu.nlp.MessageAnalyzer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Intent evaluation: stratified k-fold cross-validation, train/test on external data, and the golden-set gate.
 * Every text is analysed and embedded once and reused across folds.
 */
public final class IntentEvaluator {
  private final MessageAnalyzer analyzer;
  private final Embedder embedder;
  private final IntentClassifier.Config config;
  private final Map<String, Encoded> cache = new HashMap<>();

  private record Encoded(List<String> features, float[] embedding) {
  }

  /** Result of the golden gate; {@code precision} is per predicted intent (what the overload rule uses). */
  public record GoldenResult(int cases, double accuracy, double minAccuracy, List<Miss> misses,
                             IntentPrecision precision) {
    public boolean passed() {
      return accuracy >= minAccuracy;
    }

    /** A golden case the model got wrong. */
    public record Miss(String text, String expected, String predicted, double confidence) {
    }
  }

  public IntentEvaluator(MessageAnalyzer analyzer, Embedder embedder, IntentClassifier.Config config) {
    this.analyzer = analyzer;
    this.embedder = embedder;
    this.config = config;
  }

  private void encodeAll(List<String> texts) {
    List<String> missing = texts.stream().distinct().filter(t -> !cache.containsKey(t)).toList();
    if (missing.isEmpty()) {
      return;
    }
    List<MessageAnalyzer.Analysis> analyses = missing.parallelStream().map(analyzer::analyse).toList();
    List<float[]> vectors = embedder == null ? null
        : embedder.embedAll(analyses.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    for (int i = 0; i < missing.size(); i++) {
      cache.put(missing.get(i), new Encoded(analyses.get(i).features(), vectors == null ? null : vectors.get(i)));
    }
  }

  public IntentClassifier train(List<LabeledText> data) {
    encodeAll(data.stream().map(LabeledText::text).toList());
    List<IntentClassifier.Sample> samples = new ArrayList<>(data.size());
    for (LabeledText t : data) {
      Encoded e = cache.get(t.text());
      samples.add(new IntentClassifier.Sample(t.label(), e.features(), e.embedding()));
    }
    return IntentClassifier.train(samples, config);
  }

  /** A training example whose label the cross-validated model confidently disputes. */
  public record Suspect(String text, String label, String predicted, double probability) {
  }

  /**
   * Confident-learning style label check: out-of-fold predictions for every example; an example is suspect when
   * the model predicts another intent with a probability at least that intent's average self-confidence (mean
   * top probability over examples it gets right). Useful to review a hand-written corpus, and to prune noisy
   * external training data.
   */
  public List<Suspect> suspects(List<LabeledText> data, int folds, long seed) {
    encodeAll(data.stream().map(LabeledText::text).toList());
    int[] fold = stratifiedFolds(data, folds, seed);
    IntentClassifier.Prediction[] oof = new IntentClassifier.Prediction[data.size()];
    for (int f = 0; f < folds; f++) {
      List<LabeledText> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        if (fold[i] == f) {
          test.add(i);
        } else {
          train.add(data.get(i));
        }
      }
      if (test.isEmpty() || train.isEmpty()) {
        continue;
      }
      IntentClassifier c = train(train);
      for (int i : test) {
        Encoded e = cache.get(data.get(i).text());
        oof[i] = c.predict(e.features(), e.embedding() == null ? null : e::embedding, 1);
      }
    }
    Map<String, double[]> self = new HashMap<>(); // label -> {sum, count}
    for (int i = 0; i < data.size(); i++) {
      if (oof[i] != null && oof[i].intent().equals(data.get(i).label())) {
        double[] a = self.computeIfAbsent(data.get(i).label(), k -> new double[2]);
        a[0] += oof[i].ranked().get(0).probability();
        a[1]++;
      }
    }
    List<Suspect> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      if (oof[i] == null || oof[i].intent().equals(data.get(i).label())) {
        continue;
      }
      double[] a = self.get(oof[i].intent());
      double p = oof[i].ranked().get(0).probability();
      if (a != null && p >= a[0] / a[1]) {
        out.add(new Suspect(data.get(i).text(), data.get(i).label(), oof[i].intent(), p));
      }
    }
    return out;
  }

  /** {@code data} without the suspects (matched by text and label). */
  public static List<LabeledText> without(List<LabeledText> data, List<Suspect> suspects) {
    java.util.Set<String> drop = new java.util.HashSet<>();
    suspects.forEach(s -> drop.add(s.label() + "\u0000" + s.text()));
    return data.stream().filter(t -> !drop.contains(t.label() + "\u0000" + t.text())).toList();
  }

  public List<Outcome> score(IntentClassifier classifier, List<LabeledText> test) {
    encodeAll(test.stream().map(LabeledText::text).toList());
    List<Outcome> out = new ArrayList<>(test.size());
    for (LabeledText t : test) {
      Encoded e = cache.get(t.text());
      IntentClassifier.Prediction p = classifier.predict(e.features(), e.embedding() == null ? null : e::embedding, 1);
      out.add(new Outcome(t.label(), p.intent(), p.confidence()));
    }
    return out;
  }

  public List<Outcome> trainTest(List<LabeledText> train, List<LabeledText> test) {
    return score(train(train), test);
  }

  /** Stratified k-fold cross-validation; every example is scored once by a model that did not see it. */
  public List<Outcome> crossValidate(List<LabeledText> data, int folds, long seed) {
    int[] fold = stratifiedFolds(data, folds, seed);
    List<Outcome> all = new ArrayList<>(data.size());
    for (int f = 0; f < folds; f++) {
      List<LabeledText> train = new ArrayList<>();
      List<LabeledText> test = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        (fold[i] == f ? test : train).add(data.get(i));
      }
      if (!test.isEmpty() && !train.isEmpty()) {
        all.addAll(trainTest(train, test));
      }
    }
    return all;
  }

  static int[] stratifiedFolds(List<LabeledText> data, int folds, long seed) {
    Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < data.size(); i++) {
      byLabel.computeIfAbsent(data.get(i).label(), k -> new ArrayList<>()).add(i);
    }
    int[] fold = new int[data.size()];
    Random random = new Random(seed);
    int offset = 0;
    for (List<Integer> idx : byLabel.values()) {
      List<Integer> shuffled = new ArrayList<>(idx);
      Collections.shuffle(shuffled, random);
      for (int i = 0; i < shuffled.size(); i++) {
        fold[shuffled.get(i)] = (offset + i) % folds;
      }
      offset += shuffled.size();
    }
    return fold;
  }

  public GoldenResult golden(IntentClassifier classifier, GoldenSet golden) {
    List<LabeledText> cases = golden.cases().stream().map(c -> new LabeledText(c.text(), c.intent())).toList();
    List<Outcome> outcomes = score(classifier, cases);
    List<GoldenResult.Miss> misses = new ArrayList<>();
    IntentPrecision.Tally precision = new IntentPrecision.Tally();
    int right = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      precision.add(o.gold(), o.predicted());
      if (o.correct()) {
        right++;
      } else {
        misses.add(new GoldenResult.Miss(cases.get(i).text(), o.gold(), o.predicted(), o.confidence()));
      }
    }
    return new GoldenResult(outcomes.size(), outcomes.isEmpty() ? 0 : right / (double) outcomes.size(),
        golden.minAccuracy(), misses, precision.result());
  }
}
