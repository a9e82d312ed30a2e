package io.kefu.ops.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.nlp.Featurizer;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.LabeledText;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.Segmenter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sparse-only (no model loading) so these stay fast. */
class IntentEvaluatorTest {
  private static IntentCorpus corpus;

  @BeforeAll
  static void load() throws Exception {
    corpus = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3))
        .load(Path.of("src/test/resources/corpus/intents"));
  }

  private static IntentEvaluator evaluator() {
    return new IntentEvaluator(new MessageAnalyzer(Segmenter.CHARACTERS, new Featurizer.Config(3, true, false)), null,
        IntentClassifier.Config.DEFAULT.withEmbeddings(false));
  }

  @Test
  void stratifiedFoldsSpreadEveryLabel() {
    int[] folds = IntentEvaluator.stratifiedFolds(corpus.examples(), 5, 1);
    for (int f = 0; f < 5; f++) {
      int fold = f;
      long perLabel = java.util.stream.IntStream.range(0, folds.length).filter(i -> folds[i] == fold)
          .mapToObj(i -> corpus.examples().get(i).label()).distinct().count();
      assertThat(perLabel).isEqualTo(7);
    }
  }

  @Test
  void crossValidationScoresEveryExampleOnce() {
    List<Outcome> outcomes = evaluator().crossValidate(corpus.examples(), 5, 42);
    assertThat(outcomes).hasSize(corpus.examples().size());
    ClassificationReport r = ClassificationMetrics.compute("cv", outcomes, 0.9, 5);
    assertThat(r.accuracy()).isGreaterThan(0.5);
  }

  @Test
  void goldenGateAndMislabelledExamples() {
    IntentEvaluator ev = evaluator();
    IntentEvaluator.GoldenResult g = ev.golden(ev.train(corpus.examples()), corpus.golden());
    assertThat(g.cases()).isEqualTo(7);
    assertThat(g.passed()).isTrue();

    List<LabeledText> noisy = new ArrayList<>(corpus.examples());
    noisy.add(new LabeledText("我想退货退掉", "shipping_time")); // deliberately wrong label
    List<IntentEvaluator.Suspect> suspects = ev.suspects(noisy, 5, 42);
    assertThat(suspects).anySatisfy(s -> {
      assertThat(s.text()).isEqualTo("我想退货退掉");
      assertThat(s.predicted()).isEqualTo("return_goods");
    });
    assertThat(IntentEvaluator.without(noisy, suspects)).hasSize(noisy.size() - suspects.size());
  }
}
