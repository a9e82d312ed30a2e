package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.nlp.CorpusException;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.NlpPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload and the responder's fallbacks, on a copy of the test corpus with cheap stand-in models. */
class LiveCorpusTest {
  private static final Path FIXTURE = Path.of("src/test/resources/corpus");
  @TempDir
  Path dir;
  private ExecutorService builder;

  @BeforeEach
  void copyCorpus() throws IOException {
    builder = Executors.newSingleThreadExecutor();
    try (Stream<Path> files = Files.walk(FIXTURE)) {
      for (Path source : files.toList()) {
        Path target = dir.resolve(FIXTURE.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @AfterEach
  void stop() {
    builder.shutdownNow();
  }

  private LiveCorpus corpus() {
    return new LiveCorpus(dir.resolve("intents"), dir.resolve("kb"),
        new IntentCorpusLoader.Limits(10, 1, 3), FakeModels::models, NlpPipeline.Options.DEFAULT,
        BotPolicyConfig.DEFAULT, builder);
  }

  @Test
  void brokenCorpusIsRefusedAndThePreviousVersionStays() throws Exception {
    LiveCorpus corpus = corpus();
    assertThat(corpus.get()).isNull();
    LoadedCorpus first = corpus.reload().get(60, TimeUnit.SECONDS);
    assertThat(corpus.get()).isSameAs(first);

    Path orders = dir.resolve("intents/orders.yml");
    String good = Files.readString(orders);
    Files.writeString(orders, good.replace("  - name: cancel_order", "  - nmae: cancel_order"));
    assertThatThrownBy(() -> corpus.reload().get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(CorpusException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.toString()).contains("orders.yml:")));
    assertThat(corpus.get()).as("old version kept").isSameAs(first);

    Files.writeString(orders, good.replace("帮我查一下订单状态", "帮我查一下订单现在的状态"));
    LoadedCorpus second = corpus.reload().get(60, TimeUnit.SECONDS);
    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(corpus.get()).isSameAs(second);
  }

  @Test
  void responderFallsBackBeforeLoadingWhenSaturatedAndForNonText() throws Exception {
    LiveCorpus corpus = corpus();
    Responder fallback = request -> CompletableFuture.completedFuture(new Decision.Answer("fallback", "test"));
    AdmissionGate gate = new AdmissionGate(1, 1, Duration.ofSeconds(30));
    NlpResponder responder = new NlpResponder(corpus, new MapMemory(), builder, gate, new OverloadSignal(), fallback,
        Clock.systemUTC());
    BotRequest text = new BotRequest("c1", "wechat", "acc", "u1", new Utterance.Text("能开发票吗"), null);

    assertThat(responder.ready()).isFalse();
    assertThat(answer(responder, text).source()).as("before the corpus is loaded").isEqualTo("test");

    corpus.reload().get(60, TimeUnit.SECONDS);
    assertThat(responder.ready()).isTrue();
    assertThat(answer(responder, text).source()).as("loaded").isNotEqualTo("test");
    assertThat(answer(responder, new BotRequest("c1", "wechat", "acc", "u1",
        new Utterance.Media(Utterance.MediaKind.IMAGE, "image"), null)).source()).isEqualTo("test");

    assertThat(gate.tryEnter()).isTrue();
    assertThat(answer(responder, turn("c1", "发票怎么申请")).source()).as("gate full").isEqualTo("test");
    gate.leave();
    assertThat(gate.inFlight()).isZero();

    Executor rejecting = task -> {
      throw new RejectedExecutionException("pool closed");
    };
    NlpResponder closedPool = new NlpResponder(corpus, new MapMemory(), rejecting, gate, new OverloadSignal(), fallback,
        Clock.systemUTC());
    assertThat(answer(closedPool, turn("c1", "我需要增值税发票")).source()).as("pool refused the task").isEqualTo("test");
    assertThat(gate.inFlight()).as("permit returned after a refusal").isZero();
  }

  @Test
  void reloadMeasuresTheNewClassifierOnTheGoldenSet() throws Exception {
    // text -> expected intent; the last one is labelled against its wording, so someone's precision drops
    Map<String, String> golden = new LinkedHashMap<>();
    golden.put("我要取消订单", "cancel_order");
    golden.put("拍错了能取消吗", "cancel_order");
    golden.put("下错单了要取消", "cancel_order");
    golden.put("帮我查一下订单状态", "order_status");
    golden.put("查下物流", "order_status");
    golden.put("取消这个订单", "order_status");
    writeGolden(golden);
    LiveCorpus corpus = corpus();
    LoadedCorpus loaded = corpus.reload().get(60, TimeUnit.SECONDS);

    IntentPrecision.Tally recount = new IntentPrecision.Tally();
    golden.forEach((text, intent) -> recount.add(intent, loaded.pipeline().classify(text).intent()));
    assertThat(loaded.precision()).as("counted with the classifier just built").isEqualTo(recount.result());
    assertThat(predictions(loaded)).as("every golden case predicted once").isEqualTo(golden.size());
    assertThat(loaded.precision().byIntent().values().stream().mapToInt(IntentPrecision.Measured::correct).sum())
        .as("the mislabelled case is wrong whatever the model says").isLessThan(golden.size());
    assertThat(loaded.pipeline().cachedResults()).as("golden texts stay out of the answer cache").isZero();

    writeGolden(Map.of("我要取消订单", "cancel_order"));
    assertThat(predictions(corpus.reload().get(60, TimeUnit.SECONDS))).as("measured again on the new golden set")
        .isEqualTo(1);
  }

  private void writeGolden(Map<String, String> cases) throws IOException {
    StringBuilder yaml = new StringBuilder("gate:\n  minAccuracy: 0.0\ncases:\n");
    cases.forEach((text, intent) -> yaml.append("  - text: ").append(text).append("\n    intent: ").append(intent)
        .append('\n'));
    Files.writeString(dir.resolve("intents/golden.yml"), yaml);
  }

  private static int predictions(LoadedCorpus loaded) {
    return loaded.precision().byIntent().values().stream().mapToInt(IntentPrecision.Measured::predicted).sum();
  }

  @Test
  void responderReadsTheOverloadSignalOnEveryTurn() throws Exception {
    IntentCorpus intents = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3)).load(dir.resolve("intents"));
    // no FAQ index, a normal threshold nothing reaches, and every intent measured precise: only overload answers
    NlpPipeline pipeline = NlpPipeline.build(intents, null, FakeModels.models(), NlpPipeline.Options.DEFAULT);
    IntentPrecision precise = new IntentPrecision(intents.byName().keySet().stream()
        .collect(Collectors.toMap(name -> name, name -> new IntentPrecision.Measured(3, 3))));
    BotPolicyConfig config = new BotPolicyConfig(1.0, 0.0, 1.0, 1.0, 1.0, 5, Duration.ofMinutes(30), 0.0, 0.95, 3);
    LoadedCorpus loaded = new LoadedCorpus(pipeline, new BotPolicy(intents, null, config, precise), pipeline.version(),
        precise);
    String text = "帮我把这个订单取消掉吧";
    IntentClassifier.Prediction prediction = pipeline.analyse(text).intents();
    assertThat(prediction.confidence()).as("precondition: below the normal threshold of 1.0").isLessThan(1.0);
    assertThat(intents.intent(prediction.intent()).orElseThrow().escalate()).as("precondition").isFalse();

    OverloadSignal overload = new OverloadSignal();
    Responder fallback = request -> CompletableFuture.completedFuture(new Decision.Answer("fallback", "test"));
    NlpResponder responder = new NlpResponder(() -> loaded, new MapMemory(), builder, new AdmissionGate(10, 1, Duration.ofSeconds(30)), overload,
        fallback, Clock.systemUTC());

    assertThat(answer(responder, turn("c1", text)).source()).isEqualTo("fallback");
    overload.set(true);
    assertThat(overload.active()).isTrue();
    assertThat(answer(responder, turn("c2", text)).source())
        .isEqualTo("intent:" + prediction.intent() + ":overload");
    overload.set(false);
    assertThat(answer(responder, turn("c3", text)).source()).as("the same text, decided afresh").isEqualTo("fallback");
  }

  private static BotRequest turn(String conversation, String text) {
    return new BotRequest(conversation, "wechat", "acc", "u1", new Utterance.Text(text), null);
  }

  private static Decision.Answer answer(Responder responder, BotRequest request) throws Exception {
    Decision decision = responder.respond(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(decision).isInstanceOf(Decision.Answer.class);
    return (Decision.Answer) decision;
  }

  private static final class MapMemory implements DialogueMemory {
    private final Map<String, DialogueState> states = new ConcurrentHashMap<>();

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
