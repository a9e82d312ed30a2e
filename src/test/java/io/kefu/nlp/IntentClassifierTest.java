package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains on the synthetic fixture corpus (character features + real bge embeddings). */
class IntentClassifierTest {
  private static MessageAnalyzer analyzer;
  private static BgeEmbedder embedder;
  private static IntentClassifier classifier;
  private static List<IntentClassifier.Sample> samples;

  @BeforeAll
  static void train() throws Exception {
    IntentCorpus corpus = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3))
        .load(Path.of("src/test/resources/corpus/intents"));
    analyzer = new MessageAnalyzer(Segmenter.CHARACTERS, new Featurizer.Config(3, true, false));
    embedder = new BgeEmbedder(64);
    samples = new ArrayList<>();
    for (LabeledText t : corpus.examples()) {
      MessageAnalyzer.Analysis a = analyzer.analyse(t.text());
      samples.add(new IntentClassifier.Sample(t.label(), a.features(), embedder.embed(a.normalized())));
    }
    classifier = IntentClassifier.train(samples, IntentClassifier.Config.DEFAULT.withFastPath(1.0));
  }

  private static IntentClassifier.Prediction predict(IntentClassifier c, String text) {
    MessageAnalyzer.Analysis a = analyzer.analyse(text);
    return c.predict(a.features(), () -> embedder.embed(a.normalized()), 3);
  }

  @Test
  void generalisesToUnseenParaphrases() {
    Map<String, String> unseen = Map.of(
        "我的快递现在到哪儿了", "order_status",
        "这单不要了，帮我取消掉", "cancel_order",
        "鞋子尺码不对想退回去", "return_goods",
        "退的款怎么还没到账", "refund_status",
        "麻烦转接人工客服", "human_agent",
        "收货地址写错了能改吗", "change_address",
        "下单以后几天能发出", "shipping_time");
    int right = 0;
    for (Map.Entry<String, String> e : unseen.entrySet()) {
      IntentClassifier.Prediction p = predict(classifier, e.getKey());
      if (p.intent().equals(e.getValue())) {
        right++;
      }
      assertThat(p.ranked()).hasSize(3);
      assertThat(p.ranked().get(0).probability()).isGreaterThanOrEqualTo(p.ranked().get(1).probability());
      assertThat(p.margin()).isBetween(0.0, 1.0);
      assertThat(p.confidence()).isBetween(0.0, 1.0);
    }
    assertThat(right).as("unseen paraphrases classified right").isGreaterThanOrEqualTo(6);
  }

  @Test
  void deterministicForSeed() {
    IntentClassifier again = IntentClassifier.train(samples, IntentClassifier.Config.DEFAULT.withFastPath(1.0));
    IntentClassifier.Prediction a = predict(classifier, "快递到哪了");
    IntentClassifier.Prediction b = predict(again, "快递到哪了");
    assertThat(b.ranked()).isEqualTo(a.ranked());
    assertThat(b.confidence()).isEqualTo(a.confidence());
  }

  @Test
  void sparseOnlyModelAlsoLearns() {
    List<IntentClassifier.Sample> noEmb = samples.stream()
        .map(s -> new IntentClassifier.Sample(s.label(), s.features(), null)).toList();
    IntentClassifier sparse = IntentClassifier.train(noEmb, IntentClassifier.Config.DEFAULT.withEmbeddings(false));
    MessageAnalyzer.Analysis a = analyzer.analyse("我想退货");
    IntentClassifier.Prediction p = sparse.predict(a.features(), null, 1);
    assertThat(p.intent()).isEqualTo("return_goods");
    assertThat(p.usedEmbedding()).isFalse();
  }

  @Test
  void fastPathSkipsEmbeddingWhenSparseModelIsSure() {
    IntentClassifier eager = IntentClassifier.train(samples, IntentClassifier.Config.DEFAULT.withFastPath(0.0));
    MessageAnalyzer.Analysis a = analyzer.analyse("我想退货");
    IntentClassifier.Prediction p = eager.predict(a.features(), () -> {
      throw new AssertionError("embedding must not be computed on the fast path");
    }, 1);
    assertThat(p.usedEmbedding()).isFalse();
    assertThat(predict(classifier, "我想退货").usedEmbedding()).isTrue();
  }

  @Test
  void calibrationIsMonotonic() {
    IntentClassifier.Platt platt = classifier.ensemblePlatt();
    assertThat(platt.a()).isGreaterThanOrEqualTo(0);
    double previous = -1;
    for (double p = 0.05; p < 1.0; p += 0.05) {
      double c = platt.apply(p);
      assertThat(c).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
      previous = c;
    }
  }

  @Test
  void plattFitLearnsThatHighScoresAreRight() {
    double[] top = new double[200];
    boolean[] right = new boolean[200];
    for (int i = 0; i < top.length; i++) {
      top[i] = (i + 0.5) / top.length;
      right[i] = i % 10 < (i * 10 / top.length); // share of right answers grows with the score
    }
    IntentClassifier.Platt platt = IntentClassifier.fitPlatt(top, right);
    assertThat(platt.a()).isPositive();
    assertThat(platt.apply(0.9)).isGreaterThan(platt.apply(0.5));
    assertThat(platt.apply(0.5)).isGreaterThan(platt.apply(0.1));
  }
}
