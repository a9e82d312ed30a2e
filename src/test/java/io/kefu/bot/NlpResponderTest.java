package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.NlpPipeline;
import io.kefu.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What reaches the worker pool: only never-seen texts, within the gate's bounds; repeats are answered from the cached
 * analysis on the caller's thread, still decided with their own conversation's state. Cheap stand-in models; the
 * pool is a queue the test runs by hand, so nothing here depends on timing.
 */
class NlpResponderTest {
  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static LoadedCorpus loaded;

  private final MutableClock clock = new MutableClock();
  private final HandRunPool pool = new HandRunPool();
  private final MapMemory memory = new MapMemory();
  private final Responder fallback = request -> CompletableFuture.completedFuture(new Decision.Answer("fallback", "test"));

  @BeforeAll
  static void build() throws Exception {
    IntentCorpus intents = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3)).load(CORPUS.resolve("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(CORPUS.resolve("kb"), intents.byName().keySet());
    NlpPipeline pipeline = NlpPipeline.build(intents, faq, FakeModels.models(), NlpPipeline.Options.DEFAULT);
    loaded = new LoadedCorpus(pipeline, new BotPolicy(intents, faq, BotPolicyConfig.DEFAULT), pipeline.version(),
        IntentPrecision.NONE);
  }

  private NlpResponder responder(AdmissionGate gate) {
    return new NlpResponder(() -> loaded, memory, pool, gate, new OverloadSignal(), fallback, clock);
  }

  @Test
  void aRepeatIsAnsweredFromTheCacheWithoutThePoolEvenWhenTheGateIsFull() throws Exception {
    AdmissionGate gate = new AdmissionGate(1, 1, Duration.ofSeconds(1));
    NlpResponder responder = responder(gate);
    String text = "支付宝可以付款吗？";

    CompletableFuture<Decision> first = responder.respond(turn("c1", text)).toCompletableFuture();
    assertThat(first).as("a never-seen text waits for the pool").isNotDone();
    assertThat(pool.submitted).isEqualTo(1);
    pool.runAll();
    Decision analysed = first.get();
    assertThat(analysed).isNotEqualTo(new Decision.Answer("fallback", "test"));

    assertThat(gate.tryEnter()).as("the gate is now full").isTrue();
    CompletableFuture<Decision> repeat = responder.respond(turn("c2", "支付宝可以付款吗?")).toCompletableFuture();
    assertThat(repeat).as("answered on the caller's thread").isDone();
    assertThat(repeat.get()).as("the same normalised text, the same answer").isEqualTo(analysed);
    assertThat(pool.submitted).as("the repeat never entered the pool").isEqualTo(1);
    assertThat(gate.inFlight()).isEqualTo(1);

    assertThat(responder.respond(turn("c3", "能开发票吗")).toCompletableFuture().get())
        .as("a never-seen text meets the full gate").isEqualTo(new Decision.Answer("fallback", "test"));
    assertThat(pool.submitted).isEqualTo(1);
  }

  @Test
  void aCachedAnalysisIsDecidedWithTheConversationsOwnState() throws Exception {
    NlpResponder responder = responder(new AdmissionGate(10, 1, Duration.ofSeconds(1)));
    CompletableFuture<Decision> bare = responder.respond(turn("c1", "1")).toCompletableFuture();
    pool.runAll();
    assertThat(bare.get()).as("a bare 1 without an open question answers nothing")
        .isNotInstanceOf(Decision.Answer.class);
    int submitted = pool.submitted;

    memory.states.put("c2", new DialogueState(1, List.of("invoice", "payment-methods"), null, clock.millis()));
    CompletableFuture<Decision> choice = responder.respond(turn("c2", "1")).toCompletableFuture();
    assertThat(pool.submitted).as("served from the cache").isEqualTo(submitted);
    assertThat(choice.get()).as("the open clarification of c2 is answered")
        .isEqualTo(new Decision.Answer("在订单详情页点击\"申请发票\"，填写抬头和税号即可。", "faq:invoice"));
    assertThat(memory.states.get("c2").options()).as("and closed").isEmpty();
  }

  @Test
  void aTurnThatWaitedPastTheBoundIsAnsweredByTheFallbackWithoutBeingAnalysed() throws Exception {
    AdmissionGate gate = new AdmissionGate(100, 1, Duration.ofSeconds(1));
    NlpResponder responder = responder(gate);
    String text = "发票怎么申请呢";
    CompletableFuture<Decision> late = responder.respond(turn("c1", text)).toCompletableFuture();
    CompletableFuture<Decision> inTime = responder.respond(turn("c2", "可以用什么付款呀")).toCompletableFuture();
    assertThat(gate.inFlight()).isEqualTo(2);

    clock.advance(Duration.ofMillis(1_001));
    pool.runOne();
    assertThat(late.get()).isEqualTo(new Decision.Answer("fallback", "test"));
    assertThat(loaded.pipeline().cached(text)).as("never analysed").isNull();
    assertThat(gate.inFlight()).isEqualTo(1);
    assertThat(gate.meanService()).as("a skipped turn is no service time").isZero();

    CompletableFuture<Decision> later = responder.respond(turn("c3", "怎么付款比较好")).toCompletableFuture();
    clock.advance(Duration.ofMillis(999));
    pool.runAll();
    assertThat(inTime.get()).as("waited 2 s too").isEqualTo(new Decision.Answer("fallback", "test"));
    assertThat(later.get()).as("waited 999 ms: analysed").isNotEqualTo(new Decision.Answer("fallback", "test"));
    assertThat(gate.inFlight()).isZero();
  }

  private static BotRequest turn(String conversation, String text) {
    return new BotRequest(conversation, "wechat", "acc", "u-" + conversation, new Utterance.Text(text), null);
  }

  /** A worker pool the test drains by hand. */
  private static final class HandRunPool implements Executor {
    private final Queue<Runnable> queue = new ArrayDeque<>();
    int submitted;

    @Override
    public void execute(Runnable task) {
      submitted++;
      queue.add(task);
    }

    void runOne() {
      queue.remove().run();
    }

    void runAll() {
      while (!queue.isEmpty()) {
        runOne();
      }
    }
  }

  private static final class MapMemory implements DialogueMemory {
    final Map<String, DialogueState> states = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<DialogueState> load(String conversationId) {
      return CompletableFuture.completedFuture(states.getOrDefault(conversationId, DialogueState.EMPTY));
    }

    @Override
    public CompletionStage<Void> save(String conversationId, DialogueState state) {
      states.put(conversationId, state);
      return CompletableFuture.completedFuture(null);
    }
  }
}
