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
import io.kefu.nlp.NlpResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decision rules on hand-built NLP results over the test corpus (no models needed). */
class BotPolicyTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final HumanRequestDetector.Signals CALM = new HumanRequestDetector.Signals(false, false, 0);
  private static IntentCorpus intents;
  private static FaqCorpus faq;
  private static BotPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    intents = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3))
        .load(Path.of("src/test/resources/corpus/intents"));
    faq = new FaqCorpusLoader().load(Path.of("src/test/resources/corpus/kb"), intents.byName().keySet());
    policy = new BotPolicy(intents, faq, new BotPolicyConfig(0.6, 0.1, 0.55, 0.05, 0.9, 2, Duration.ofMinutes(30), 0.45, 0.95, 3));
  }

  private static NlpResult nlp(String text, String intent, double confidence, double margin, List<Entity> entities,
                               HumanRequestDetector.Signals signals, FaqSearchResult faqResult) {
    IntentClassifier.Prediction prediction = new IntentClassifier.Prediction(
        List.of(new IntentClassifier.Scored(intent, confidence), new IntentClassifier.Scored("cancel_order", 0.01)),
        confidence, margin, false);
    return new NlpResult(text, entities, signals, prediction, faqResult, CorpusVersion.EMPTY);
  }

  private static FaqSearchResult faqHits(double topScore, double margin, String... ids) {
    List<FaqHit> hits = java.util.Arrays.stream(ids)
        .map(id -> new FaqHit(faq.entry(id).orElseThrow(), topScore, topScore, topScore, id)).toList();
    return new FaqSearchResult(hits, margin);
  }

  private static Entity.OrderNumber order(String number) {
    return new Entity.OrderNumber(number, 0, number.length(), number);
  }

  @Test
  void confidentIntentIsAnswered() {
    BotPolicy.Outcome outcome = policy.decide(nlp("退款到哪了", "refund_status", 0.9, 0.5, List.of(), CALM,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).isInstanceOfSatisfying(Decision.Answer.class, a -> {
      assertThat(a.text()).contains("原路退回");
      assertThat(a.source()).isEqualTo("intent:refund_status");
    });
    assertThat(outcome.next().misses()).isZero();
  }

  @Test
  void confidentFaqAnswersWithTheSpecificAnswer() {
    BotPolicy.Outcome outcome = policy.decide(nlp("能开发票不", "cancel_order", 0.2, 0.01, List.of(), CALM,
        faqHits(0.9, 0.3, "invoice", "installment")), DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).isEqualTo(new Decision.Answer(faq.entry("invoice").orElseThrow().answer(),
        "faq:invoice"));
  }

  @Test
  void missingRequiredSlotIsAskedForAndFilledOnTheNextTurn() {
    BotPolicy.Outcome ask = policy.decide(nlp("我的订单到哪了", "order_status", 0.95, 0.8, List.of(), CALM,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(ask.decision()).isInstanceOfSatisfying(Decision.Answer.class,
        a -> assertThat(a.text()).contains("订单号").startsWith("请告诉我"));
    assertThat(ask.next().pendingIntent()).isEqualTo("order_status");

    BotPolicy.Outcome filled = policy.decide(nlp("e2026111112345678", "cancel_order", 0.3, 0.0,
        List.of(order("E2026111112345678")), CALM, FaqSearchResult.EMPTY), ask.next(), NOW + 10_000);
    assertThat(filled.decision()).isInstanceOfSatisfying(Decision.Answer.class,
        a -> assertThat(a.source()).isEqualTo("intent:order_status"));
    assertThat(filled.next().pendingIntent()).isNull();
  }

  @Test
  void explicitHumanRequestAndComplaintEscalate() {
    HumanRequestDetector.Signals human = new HumanRequestDetector.Signals(true, false, 0);
    assertThat(policy.decide(nlp("转人工", "human_agent", 0.99, 0.9, List.of(), human, FaqSearchResult.EMPTY),
        DialogueState.EMPTY, NOW).decision()).isInstanceOf(Decision.Escalate.class);
    assertThat(policy.decide(nlp("找人", "refund_status", 0.5, 0.1, List.of(), human, FaqSearchResult.EMPTY),
        DialogueState.EMPTY, NOW).decision()).isInstanceOf(Decision.Escalate.class);
    HumanRequestDetector.Signals complaint = new HumanRequestDetector.Signals(false, true, -0.3);
    assertThat(policy.decide(nlp("退款太慢我要投诉", "refund_status", 0.99, 0.9, List.of(), complaint,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW).decision()).as("complaint words always hand over")
        .isInstanceOfSatisfying(Decision.Escalate.class, e -> assertThat(e.reason()).isEqualTo("complaint"));
    BotPolicy.Outcome angry = policy.decide(nlp("气死了", "refund_status", 0.3, 0.05, List.of(),
        new HumanRequestDetector.Signals(false, false, -0.9), FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(angry.decision()).isInstanceOfSatisfying(Decision.Escalate.class,
        e -> assertThat(e.reason()).isEqualTo("negative sentiment"));
  }

  @Test
  void questionThatOnlyNamesAHumanIsAnsweredWhenTheIntentIsClear() {
    BotPolicy.Outcome outcome = policy.decide(nlp("人工客服退款多久到", "refund_status", 0.95, 0.9, List.of(),
        new HumanRequestDetector.Signals(true, false, 0), FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).isInstanceOfSatisfying(Decision.Answer.class,
        a -> assertThat(a.source()).isEqualTo("intent:refund_status"));
  }

  @Test
  void confidentFaqOfAnUnlikelyIntentIsNotAnswered() {
    // the FAQ 'invoice' has no intent link in the fixture; 'shipping-fee' belongs to shipping_time
    NlpResult result = nlp("我的包裹怎么还没到", "order_status", 0.5, 0.05, List.of(), CALM,
        faqHits(0.95, 0.4, "shipping-fee"));
    BotPolicy.Outcome outcome = policy.decide(result, DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).as("shipping_time is not among the likely intents")
        .isNotEqualTo(new Decision.Answer(faq.entry("shipping-fee").orElseThrow().answer(), "faq:shipping-fee"));
  }

  @Test
  void bareNumberWithoutAnOpenQuestionIsAMiss() {
    BotPolicy.Outcome outcome = policy.decide(nlp("1", "refund_status", 0.99, 0.9, List.of(), CALM,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(outcome.next().misses()).isEqualTo(1);
  }

  @Test
  void escalatingIntentHandsOver() {
    BotPolicy.Outcome outcome = policy.decide(nlp("有没有真人", "human_agent", 0.9, 0.6, List.of(), CALM,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).isInstanceOfSatisfying(Decision.Escalate.class,
        e -> assertThat(e.reason()).isEqualTo("intent human_agent"));
  }

  @Test
  void unsureTurnAsksToClarifyAndANumberPicksTheFaq() {
    NlpResult unsure = nlp("那个怎么弄", "cancel_order", 0.3, 0.02, List.of(), CALM,
        faqHits(0.3, 0.01, "installment", "invoice", "payment-methods"));
    BotPolicy.Outcome clarify = policy.decide(unsure, DialogueState.EMPTY, NOW);
    assertThat(clarify.decision()).isInstanceOfSatisfying(Decision.Clarify.class, c -> assertThat(c.options())
        .containsExactly("可以分期付款吗", "怎么开发票", "支持哪些支付方式"));
    assertThat(clarify.next().options()).containsExactly("installment", "invoice", "payment-methods");
    assertThat(Decision.customerText(clarify.decision())).contains("\n2. 怎么开发票");

    BotPolicy.Outcome picked = policy.decide(nlp("2", "cancel_order", 0.1, 0.0, List.of(), CALM,
        FaqSearchResult.EMPTY), clarify.next(), NOW + 5_000);
    assertThat(picked.decision()).isEqualTo(new Decision.Answer(faq.entry("invoice").orElseThrow().answer(),
        "faq:invoice"));
  }

  @Test
  void secondMissInARowEscalates() {
    NlpResult unsure = nlp("嗯嗯", "cancel_order", 0.2, 0.0, List.of(), CALM, FaqSearchResult.EMPTY);
    BotPolicy.Outcome first = policy.decide(unsure, DialogueState.EMPTY, NOW);
    assertThat(first.decision()).isInstanceOf(Decision.Answer.class);
    assertThat(first.next().misses()).isEqualTo(1);
    BotPolicy.Outcome second = policy.decide(unsure, first.next(), NOW + 1_000);
    assertThat(second.decision()).isInstanceOfSatisfying(Decision.Escalate.class,
        e -> assertThat(e.reason()).startsWith("missed 2"));
  }

  @Test
  void staleMemoryIsForgotten() {
    DialogueState old = new DialogueState(1, List.of("invoice"), null, NOW);
    long later = NOW + BotPolicyConfig.DEFAULT.memory().plus(Duration.ofMinutes(1)).toMillis();
    BotPolicy.Outcome outcome = policy.decide(nlp("1", "cancel_order", 0.2, 0.0, List.of(), CALM,
        FaqSearchResult.EMPTY), old, later);
    assertThat(outcome.decision()).as("'1' no longer picks an old option, and the old miss does not count")
        .isInstanceOf(Decision.Answer.class);
    assertThat(((Decision.Answer) outcome.decision()).source()).isEqualTo("fallback");
  }

  @Test
  void perIntentThresholdFromTheCorpusIsHonoured() {
    // refund_status has threshold 0.6 in the corpus; 0.55 passes the default of 0.5 here but not the intent's own
    BotPolicy lenient = new BotPolicy(intents, faq,
        new BotPolicyConfig(0.5, 0.1, 0.55, 0.05, 0.9, 2, Duration.ofMinutes(30), 0.45, 0.95, 3));
    assertThat(lenient.decide(nlp("钱呢", "cancel_order", 0.55, 0.5, List.of(), CALM, FaqSearchResult.EMPTY),
        DialogueState.EMPTY, NOW).decision()).isInstanceOfSatisfying(Decision.Answer.class,
        a -> assertThat(a.source()).isEqualTo("intent:cancel_order"));
    BotPolicy.Outcome outcome = lenient.decide(nlp("钱呢", "refund_status", 0.55, 0.5, List.of(), CALM,
        FaqSearchResult.EMPTY), DialogueState.EMPTY, NOW);
    assertThat(outcome.decision()).isNotInstanceOf(Decision.Escalate.class);
    assertThat(outcome.decision()).isInstanceOfSatisfying(Decision.Answer.class,
        a -> assertThat(a.source()).isEqualTo("fallback"));
  }
}
