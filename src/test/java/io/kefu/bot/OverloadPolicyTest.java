package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqHit;
import io.kefu.kb.FaqSearchResult;
import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.Entity;
import io.kefu.nlp.HumanRequestDetector;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.IntentPrecision.Measured;
import io.kefu.nlp.NlpResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The overload rule on hand-built NLP results over the test corpus, with hand-set golden precision. */
class OverloadPolicyTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final HumanRequestDetector.Signals CALM = new HumanRequestDetector.Signals(false, false, 0);
  /** Normal threshold 0.6 and margin 0.1; under overload 0.45 for intents with precision >= 0.95 over >= 3. */
  private static final BotPolicyConfig CONFIG =
      new BotPolicyConfig(0.6, 0.1, 0.55, 0.05, 0.9, 2, Duration.ofMinutes(30), 0.45, 0.95, 3);
  private static final IntentPrecision PRECISION = new IntentPrecision(Map.of(
      "cancel_order", new Measured(5, 5),
      "order_status", new Measured(3, 3),
      "refund_status", new Measured(3, 3),      // has its own threshold 0.6 in the corpus
      "shipping_time", new Measured(4, 3),      // 0.75: not precise enough
      "change_address", new Measured(2, 2),     // precise, but too few golden predictions
      "human_agent", new Measured(4, 4)));      // escalate: true in the corpus
  private static IntentCorpus intents;
  private static FaqCorpus faq;
  private static BotPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    intents = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3))
        .load(Path.of("src/test/resources/corpus/intents"));
    faq = new FaqCorpusLoader().load(Path.of("src/test/resources/corpus/kb"), intents.byName().keySet());
    policy = new BotPolicy(intents, faq, CONFIG, PRECISION);
  }

  private static NlpResult nlp(String text, String intent, double confidence, double margin,
                               HumanRequestDetector.Signals signals, FaqSearchResult faqResult, Entity... entities) {
    IntentClassifier.Prediction prediction = new IntentClassifier.Prediction(
        List.of(new IntentClassifier.Scored(intent, confidence), new IntentClassifier.Scored("return_goods", 0.01)),
        confidence, margin, false);
    return new NlpResult(text, List.of(entities), signals, prediction, faqResult, CorpusVersion.EMPTY);
  }

  private static NlpResult calm(String intent, double confidence, double margin) {
    return nlp("嗯那个" + intent, intent, confidence, margin, CALM, FaqSearchResult.EMPTY);
  }

  private static Decision normal(NlpResult nlp) {
    return policy.decide(nlp, DialogueState.EMPTY, NOW, false).decision();
  }

  private static Decision overloaded(NlpResult nlp) {
    return policy.decide(nlp, DialogueState.EMPTY, NOW, true).decision();
  }

  private static String source(Decision decision) {
    assertThat(decision).as("an answer").isInstanceOf(Decision.Answer.class);
    return ((Decision.Answer) decision).source();
  }

  @Test
  void preciseIntentBelowItsThresholdIsAnsweredOnlyUnderOverload() {
    NlpResult unsure = calm("cancel_order", 0.5, 0.3);
    assertThat(source(normal(unsure))).as("normally a miss").isEqualTo("fallback");
    BotPolicy.Outcome outcome = policy.decide(unsure, DialogueState.EMPTY, NOW, true);
    assertThat(outcome.decision()).isInstanceOfSatisfying(Decision.Answer.class, a -> {
      assertThat(a.source()).isEqualTo("intent:cancel_order:overload");
      assertThat(intents.intent("cancel_order").orElseThrow().responses()).contains(a.text());
    });
    assertThat(outcome.next().misses()).as("an answer is not a miss").isZero();

    assertThat(source(overloaded(calm("refund_status", 0.5, 0.3))))
        .as("an intent's own threshold is lowered too").isEqualTo("intent:refund_status:overload");
  }

  @Test
  void clarificationBecomesAnAnswerUnderOverload() {
    NlpResult unsure = nlp("那个单子怎么弄", "cancel_order", 0.5, 0.3, CALM,
        new FaqSearchResult(List.of(hit("installment", 0.3), hit("invoice", 0.3), hit("payment-methods", 0.3)), 0.01));
    assertThat(normal(unsure)).isInstanceOf(Decision.Clarify.class);
    assertThat(source(overloaded(unsure))).isEqualTo("intent:cancel_order:overload");
  }

  @Test
  void imprecisePoorlyMeasuredOrUnmeasuredIntentsKeepTheirThreshold() {
    assertThat(source(overloaded(calm("shipping_time", 0.5, 0.3)))).as("precision 0.75").isEqualTo("fallback");
    assertThat(source(overloaded(calm("change_address", 0.5, 0.3)))).as("2 samples").isEqualTo("fallback");
    assertThat(source(overloaded(calm("return_goods", 0.5, 0.3)))).as("never predicted").isEqualTo("fallback");
    assertThat(policy.overloadIntents()).containsExactly("cancel_order", "order_status", "refund_status");
  }

  @Test
  void loweredThresholdStillHasAFloorAndTheMarginRule() {
    assertThat(source(overloaded(calm("cancel_order", 0.44, 0.3)))).as("below 0.45").isEqualTo("fallback");
    assertThat(source(overloaded(calm("cancel_order", 0.5, 0.05)))).as("near tie").isEqualTo("fallback");
    assertThat(source(overloaded(calm("cancel_order", 0.45, 0.1)))).as("exactly at both")
        .isEqualTo("intent:cancel_order:overload");
  }

  @Test
  void escalatingIntentIsUntouchedByOverload() {
    NlpResult unsure = calm("human_agent", 0.5, 0.3);
    assertThat(overloaded(unsure)).isEqualTo(normal(unsure));
    assertThat(source(overloaded(unsure))).isEqualTo("fallback");
    assertThat(overloaded(calm("human_agent", 0.9, 0.6))).as("confident: hands over as always")
        .isInstanceOfSatisfying(Decision.Escalate.class, e -> assertThat(e.reason()).isEqualTo("intent human_agent"));
  }

  @Test
  void humanRequestComplaintAndAngerStillEscalateUnderOverload() {
    assertThat(overloaded(nlp("取消订单，转人工", "cancel_order", 0.5, 0.3,
        new HumanRequestDetector.Signals(true, false, 0), FaqSearchResult.EMPTY)))
        .isInstanceOfSatisfying(Decision.Escalate.class, e -> assertThat(e.reason()).isEqualTo("human requested"));
    assertThat(overloaded(nlp("取消订单我要投诉", "cancel_order", 0.5, 0.3,
        new HumanRequestDetector.Signals(false, true, -0.3), FaqSearchResult.EMPTY)))
        .isInstanceOfSatisfying(Decision.Escalate.class, e -> assertThat(e.reason()).isEqualTo("complaint"));
    assertThat(overloaded(nlp("气死了取消", "cancel_order", 0.5, 0.3,
        new HumanRequestDetector.Signals(false, false, -0.9), FaqSearchResult.EMPTY)))
        .isInstanceOfSatisfying(Decision.Escalate.class, e -> assertThat(e.reason()).isEqualTo("negative sentiment"));
  }

  @Test
  void overloadAnswerAsksForAMissingSlotAndTheNextTurnFillsIt() {
    BotPolicy.Outcome ask = policy.decide(calm("order_status", 0.5, 0.3), DialogueState.EMPTY, NOW, true);
    assertThat(source(ask.decision())).isEqualTo("slot:order_status.order:overload");
    assertThat(ask.next().pendingIntent()).isEqualTo("order_status");

    Entity order = new Entity.OrderNumber("E2026111112345678", 0, 17, "E2026111112345678");
    BotPolicy.Outcome filled = policy.decide(nlp("e2026111112345678", "cancel_order", 0.3, 0.0, CALM,
        FaqSearchResult.EMPTY, order), ask.next(), NOW + 10_000, false);
    assertThat(source(filled.decision())).isEqualTo("intent:order_status");
  }

  @Test
  void withoutMeasuredPrecisionOverloadChangesNothing() {
    BotPolicy unmeasured = new BotPolicy(intents, faq, CONFIG);
    NlpResult unsure = calm("cancel_order", 0.5, 0.3);
    assertThat(unmeasured.decide(unsure, DialogueState.EMPTY, NOW, true).decision())
        .isEqualTo(unmeasured.decide(unsure, DialogueState.EMPTY, NOW, false).decision());
    assertThat(unmeasured.overloadIntents()).isEmpty();
  }

  private static FaqHit hit(String id, double score) {
    return new FaqHit(faq.entry(id).orElseThrow(), score, score, score, id);
  }
}
