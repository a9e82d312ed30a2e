package io.kefu.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.nlp.CorpusException;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.NlpPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
    AdmissionGate gate = new AdmissionGate(1);
    NlpResponder responder = new NlpResponder(corpus, new MapMemory(), builder, gate, fallback, Clock.systemUTC());
    BotRequest text = new BotRequest("c1", "wechat", "acc", "u1", new Utterance.Text("能开发票吗"), null);

    assertThat(responder.ready()).isFalse();
    assertThat(answer(responder, text).source()).as("before the corpus is loaded").isEqualTo("test");

    corpus.reload().get(60, TimeUnit.SECONDS);
    assertThat(responder.ready()).isTrue();
    assertThat(answer(responder, text).source()).as("loaded").isNotEqualTo("test");
    assertThat(answer(responder, new BotRequest("c1", "wechat", "acc", "u1",
        new Utterance.Media(Utterance.MediaKind.IMAGE, "image"), null)).source()).isEqualTo("test");

    assertThat(gate.tryEnter()).isTrue();
    assertThat(answer(responder, text).source()).as("gate full").isEqualTo("test");
    gate.leave();
    assertThat(gate.inFlight()).isZero();

    Executor rejecting = task -> {
      throw new RejectedExecutionException("pool closed");
    };
    NlpResponder closedPool = new NlpResponder(corpus, new MapMemory(), rejecting, gate, fallback, Clock.systemUTC());
    assertThat(answer(closedPool, text).source()).as("pool refused the task").isEqualTo("test");
    assertThat(gate.inFlight()).as("permit returned after a refusal").isZero();
  }

  private static Decision.Answer answer(Responder responder, BotRequest request) throws Exception {
    Decision decision = responder.respond(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(decision).isInstanceOf(Decision.Answer.class);
    return (Decision.Answer) decision;
  }

  private static final class MapMemory implements DialogueMemory {
    private final java.util.Map<String, DialogueState> states = new ConcurrentHashMap<>();

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
