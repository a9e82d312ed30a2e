package io.kefu.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.nlp.CorpusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaqCorpusLoaderTest {
  static final Path FIXTURE = Path.of("src/test/resources/corpus/kb");

  @TempDir
  Path tmp;

  @Test
  void loadsFixture() throws Exception {
    FaqCorpus kb = new FaqCorpusLoader().load(FIXTURE, null);
    assertThat(kb.entries()).hasSize(6);
    FaqEntry fee = kb.entry("shipping-fee").orElseThrow();
    assertThat(fee.topic()).isEqualTo("delivery");
    assertThat(fee.intent()).hasValue("shipping_time");
    assertThat(fee.paraphrases()).contains("包邮吗");
    assertThat(kb.entry("payment-methods").orElseThrow().tags()).containsExactly("支付");
  }

  @Test
  void reportsEveryProblemWithLine() throws IOException {
    Path dir = tmp.resolve("kb");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("misc.yml"), """
        topic: misc
        faqs:
          - id: Bad_Id
            question: 问题
            paraphrases: [一, 二]
            answer: 回答
            intent: unknown_intent
          - id: ok-one
            question: 问题二
            paraphrases: [一, 二, 三]
            anwser: 拼错了
        """);
    CorpusException e = Assertions.assertThrows(CorpusException.class,
        () -> new FaqCorpusLoader().load(dir, Set.of("order_status")));
    assertThat(e.problems()).extracting(Object::toString).containsExactly(
        "kb/misc.yml:3: faq id 'Bad_Id' must be kebab-case",
        "kb/misc.yml:5: faq 'Bad_Id' has 2 paraphrases, needs at least 3",
        "kb/misc.yml:7: faq 'Bad_Id' refers to unknown intent 'unknown_intent'",
        "kb/misc.yml:8: faq is missing required key 'answer'",
        "kb/misc.yml:11: unknown key 'anwser' in faq");
  }
}
