package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BgeEmbedderTest {
  private static BgeEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = new BgeEmbedder(64);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static double cos(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void vectorsAreNormalisedAndDeterministic() {
    float[] a = embedder.embed("我想退货");
    double norm = cos(a, a);
    assertThat(norm).isCloseTo(1.0, within(1e-4));
    assertThat(embedder.embed("我想退货")).containsExactly(a, within(1e-6f));
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedText() {
    float[] refund = embedder.embed("退款什么时候到账");
    float[] paraphrase = embedder.embed("钱多久能退回来");
    float[] unrelated = embedder.embed("你们支持开发票吗");
    assertThat(cos(refund, paraphrase)).isGreaterThan(cos(refund, unrelated));
  }

  @Test
  void batchMatchesSingle() {
    List<String> texts = List.of("短", "这是一句稍微长一点的话，用来测试填充", "快递到哪了");
    List<float[]> batch = embedder.embedAll(texts, 2, 2);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(cos(batch.get(i), embedder.embed(texts.get(i)))).isGreaterThan(0.999);
    }
  }
}
