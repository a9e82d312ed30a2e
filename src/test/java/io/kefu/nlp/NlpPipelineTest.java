package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NlpPipelineTest {
  private static NlpPipeline pipeline;
  private static NlpPipeline.Models models;
  private static IntentCorpus intents;
  private static FaqCorpus kb;

  @BeforeAll
  static void build() throws Exception {
    intents = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3))
        .load(Path.of("src/test/resources/corpus/intents"));
    kb = new FaqCorpusLoader().load(Path.of("src/test/resources/corpus/kb"), intents.byName().keySet());
    models = NlpPipeline.Models.load();
    pipeline = NlpPipeline.build(intents, kb, models, NlpPipeline.Options.DEFAULT);
  }

  @AfterAll
  static void close() {
    pipeline.close();
  }

  @Test
  void analysesAMessageEndToEnd() {
    NlpResult r = pipeline.analyse("订单E2026111112345678到哪了？？？[撇嘴]");
    assertThat(r.normalized()).isEqualTo("订单e2026111112345678到哪了?");
    assertThat(r.entities()).singleElement().extracting(Entity::value).isEqualTo("E2026111112345678");
    assertThat(r.intents().intent()).isEqualTo("order_status");
    assertThat(r.intents().ranked()).hasSize(3);
    assertThat(r.faq().hits()).hasSizeLessThanOrEqualTo(3);
    assertThat(r.version()).isEqualTo(pipeline.version());
  }

  @Test
  void flagsHumanRequestsAndFindsFaqs() {
    NlpResult human = pipeline.analyse("转人工！！");
    assertThat(human.signals().humanRequested()).isTrue();
    assertThat(human.intents().intent()).isEqualTo("human_agent");
    NlpResult faq = pipeline.analyse("能不能开发票");
    assertThat(faq.faq().best()).get().extracting(h -> h.entry().id()).isEqualTo("invoice");
  }

  @Test
  void aFastPathMessageNeverComputesTheEmbedding() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Embedder counting = new Embedder() {
      @Override
      public int dimension() {
        return models.embedder().dimension();
      }

      @Override
      public float[] embed(String text) {
        calls.incrementAndGet();
        return models.embedder().embed(text);
      }

      @Override
      public java.util.List<float[]> embedAll(java.util.List<String> texts) {
        return models.embedder().embedAll(texts);
      }
    };
    NlpPipeline.Models countingModels = new NlpPipeline.Models(models.segmenter(), counting);
    NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
    // fast path always taken (threshold 0): neither the classifier nor the FAQ search embeds the message
    try (NlpPipeline p = NlpPipeline.build(intents, kb, countingModels, new NlpPipeline.Options(d.features(),
        d.classifier().withFastPath(0.0), d.faq(), d.topIntents(), d.topFaqs(), d.cacheSize()))) {
      NlpResult r = p.analyse("能不能开发票");
      assertThat(r.intents().usedEmbedding()).isFalse();
      assertThat(calls).hasValue(0);
      // BM25 alone ranked the FAQ: no cosine, the best hit scores 1
      assertThat(r.faq().best()).get().satisfies(h -> {
        assertThat(h.entry().id()).isEqualTo("invoice");
        assertThat(h.cosine()).isZero();
        assertThat(h.score()).isEqualTo(1.0);
      });
    }
    // fast path off: the message is embedded once, shared by the classifier and the FAQ re-ranking
    try (NlpPipeline p = NlpPipeline.build(intents, kb, countingModels, new NlpPipeline.Options(d.features(),
        d.classifier().withFastPath(1.0), d.faq(), d.topIntents(), d.topFaqs(), d.cacheSize()))) {
      NlpResult r = p.analyse("能不能开发票");
      assertThat(r.intents().usedEmbedding()).isTrue();
      assertThat(calls).hasValue(1);
      assertThat(r.faq().best()).get().satisfies(h -> {
        assertThat(h.entry().id()).isEqualTo("invoice");
        assertThat(h.cosine()).isPositive();
      });
    }
  }

  @Test
  void emptyMessageHasNoIntent() {
    NlpResult r = pipeline.analyse("[微笑]");
    assertThat(r.normalized()).isEmpty();
    assertThat(r.intents().top()).isEmpty();
    assertThat(r.faq().hits()).isEmpty();
  }

  @Test
  void concurrentAnalysisMatchesSequential() throws Exception {
    java.util.List<String> texts = java.util.List.of("快递什么时候到", "我要退款", "能开发票吗", "地址写错了",
        "取消订单", "人工客服", "多久发货", "包邮吗");
    java.util.Map<String, String> expected = new java.util.HashMap<>();
    try (NlpPipeline fresh = NlpPipeline.build(intents, kb, models, NlpPipeline.Options.DEFAULT)) {
      for (String t : texts) {
        expected.put(t, fresh.analyse(t).intents().intent());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (NlpPipeline shared = NlpPipeline.build(intents, kb, models, NlpPipeline.Options.DEFAULT)) {
      java.util.List<java.util.concurrent.Future<Boolean>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String t = texts.get(i % texts.size()) + (i < 32 ? "" : "呀");
        String base = texts.get(i % texts.size());
        futures.add(pool.submit(() -> matchesSequential(shared, t, base, expected)));
      }
      for (var f : futures) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static boolean matchesSequential(NlpPipeline p, String text, String base, java.util.Map<String, String> expected) {
    NlpResult r = p.analyse(text);
    return !text.equals(base) || r.intents().intent().equals(expected.get(base));
  }

  @Test
  void cachesByNormalisedText() {
    NlpResult a = pipeline.analyse("我想退货");
    NlpResult b = pipeline.analyse("  我想退货 ");
    assertThat(b).isSameAs(a);
  }

  @Test
  void rebuildInBackgroundKeepsVersion() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (NlpPipeline rebuilt = NlpPipeline.buildAsync(intents, kb, models, NlpPipeline.Options.DEFAULT, pool).get()) {
      assertThat(rebuilt.version()).isEqualTo(pipeline.version());
      assertThat(rebuilt).isNotSameAs(pipeline);
      assertThat(rebuilt.analyse("什么时候发货").intents().intent()).isEqualTo("shipping_time");
    } finally {
      pool.shutdown();
    }
  }
}
