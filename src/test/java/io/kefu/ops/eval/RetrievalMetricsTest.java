package io.kefu.ops.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kefu.nlp.Segmenter;
import io.kefu.nlp.TextNormalizer;
import io.kefu.kb.FaqIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

  @Test
  void hitAtKAndMrrFromRanks() {
    RetrievalReport r = RetrievalReport.of("t", 7, new int[] {1, 3, 6, 0});
    assertThat(r.queries()).isEqualTo(4);
    assertThat(r.documents()).isEqualTo(7);
    assertThat(r.hitAt1()).isEqualTo(0.25);
    assertThat(r.hitAt5()).isEqualTo(0.5);
    assertThat(r.mrr()).isCloseTo((1 + 1 / 3.0 + 1 / 6.0) / 4, within(1e-9));
  }

  @Test
  void afqmcStyleFixture() {
    List<Datasets.Pair> pairs = List.of(
        new Datasets.Pair("花呗怎么还款", "花呗如何还钱", "1"),
        new Datasets.Pair("借呗额度怎么提升", "怎么提高借呗的额度", "1"),
        new Datasets.Pair("花呗怎么还款", "借呗利息怎么算", "0"),
        new Datasets.Pair("余额宝收益", "余额宝每天收益多少", "1"),
        new Datasets.Pair("信用卡还款", "花呗如何还钱", "0"));
    RetrievalReport r = new RetrievalEvaluator(new TextNormalizer(), Segmenter.CHARACTERS, null,
        FaqIndex.Config.DEFAULT).evaluatePairs("fixture", pairs);
    assertThat(r.documents()).isEqualTo(4); // distinct sentence2
    assertThat(r.queries()).isEqualTo(3); // positives only
    assertThat(r.hitAt1()).isEqualTo(1.0);
    assertThat(r.mrr()).isEqualTo(1.0);
  }

  @Test
  void readsJsonLines() {
    assertThat(Datasets.fields("{\"id\": 3, \"label\": \"57\", \"sentence\": \"退\\\"200\\\"元\", \"label_des\": \"x\"}"))
        .containsEntry("id", "3").containsEntry("sentence", "退\"200\"元").containsEntry("label", "57");
  }
}
