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
