package io.kefu.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.DotProduct;
import io.kefu.nlp.Embedder;
import io.kefu.nlp.Segmenter;
import io.kefu.nlp.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The FAQ index compares adapted vectors when it has an adapter, given or trained from its own entries. */
class FaqIndexAdapterTest {
  private static final Map<String, float[]> VECTORS = Map.of(
      "甲", new float[] {1, 0, 0},
      "乙", norm(new float[] {0, 1, 1}),
      "问", norm(new float[] {0.5f, 0.8f, 0}));

  /** Looks its vectors up in a table. */
  private static final Embedder TABLE = new Embedder() {
    @Override
    public int dimension() {
      return 3;
    }

    @Override
    public float[] embed(String text) {
      return VECTORS.get(text).clone();
    }
  };

  private static final FaqCorpus KB = new FaqCorpus(List.of(entry("a", "甲"), entry("b", "乙")), CorpusVersion.EMPTY);
  private static final FaqIndex.Config COSINE_ONLY = new FaqIndex.Config(30, 30, 0.0, 0.0, 1.0);

  @Test
  void givenAdapterChangesTheRankingOnBothSides() {
    EmbeddingAdapter shrinkSecond = new EmbeddingAdapter(3, new float[] {1, 0, 0, 0, 0.1f, 0, 0, 0, 1});
    try (FaqIndex raw = FaqIndex.build(KB, COSINE_ONLY, new TextNormalizer(), Segmenter.CHARACTERS, TABLE);
        FaqIndex adapted = FaqIndex.build(KB, COSINE_ONLY, new TextNormalizer(), Segmenter.CHARACTERS, TABLE,
            shrinkSecond)) {
      FaqSearchResult before = raw.search("问", 2);
      FaqSearchResult after = adapted.search("问", 2);
      assertThat(before.hits().get(0).entry().id()).isEqualTo("b");
      assertThat(after.hits().get(0).entry().id()).isEqualTo("a");
      float[] q = shrinkSecond.apply(VECTORS.get("问"));
      FaqHit b = after.hits().stream().filter(h -> h.entry().id().equals("b")).findFirst().orElseThrow();
      assertThat(b.cosine()).as("cosine of adapted query and adapted document")
          .isCloseTo(DotProduct.of(q, shrinkSecond.apply(VECTORS.get("乙")), 0, 3), within(1e-6));
      assertThat(raw.adapter()).isEmpty();
      assertThat(adapted.adapter()).contains(shrinkSecond);
    }
  }

  @Test
  void configuredAdapterIsTrainedFromTheEntriesParaphrases() {
    Embedder hashed = new Embedder() {
      @Override
      public int dimension() {
        return 8;
      }

      @Override
      public float[] embed(String text) {
        java.util.Random r = new java.util.Random(text.hashCode());
        float[] v = new float[8];
        for (int d = 0; d < 8; d++) {
          v[d] = (float) r.nextGaussian();
        }
        return norm(v);
      }
    };
    FaqCorpus kb = new FaqCorpus(List.of(
        new FaqEntry("x", "t", "怎么退货", List.of("如何退货", "退货流程"), "答", List.of(), Optional.empty(), "t:1"),
        new FaqEntry("y", "t", "多久发货", List.of("几天发货", "什么时候发"), "答", List.of(), Optional.empty(), "t:2")),
        CorpusVersion.EMPTY);
    EmbeddingAdapterTrainer.Config training = new EmbeddingAdapterTrainer.Config(3, 4, 1e-2, 0.1, 0, 0, 0, 1);
    try (FaqIndex index = FaqIndex.build(kb, FaqIndex.Config.DEFAULT.withAdapter(training), new TextNormalizer(),
        Segmenter.CHARACTERS, hashed)) {
      assertThat(index.adapter()).isPresent();
      assertThat(index.adapter().get().distanceFromIdentity()).isGreaterThan(0);
      assertThat(index.search("如何退货", 1).hits().get(0).entry().id()).isEqualTo("x");
    }
  }

  private static FaqEntry entry(String id, String question) {
    return new FaqEntry(id, "t", question, List.of(), "", List.of(), Optional.empty(), "t:" + id);
  }

  private static float[] norm(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
