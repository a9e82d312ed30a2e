package io.kefu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.Role;
import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.handoff.AgentClient;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.report.UnansweredLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops API with the real NLP pipeline on a temporary copy of the shipped corpus (the repository's files are never
 * written): corpus status, reload, and turning an unanswered question into an intent example.
 */
class OpsApiTest {
  private static final String PASSWORD = "password-123";
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  @TempDir
  static Path temp;
  private static Vertx vertx;
  private static FakeWeChatApi fakeApi;
  private static KefuServer server;
  private static WebClient web;
  private static WeChatAccount account;
  private static WeChatPeer peer;
  private static Path intents;
  private static AgentClient ops;

  @BeforeAll
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // models load and train once; slow on a shared machine
  static void start() throws Exception {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    fakeApi = await(FakeWeChatApi.start(vertx));
    intents = CorpusEditorTest.copy(Path.of("intents"), temp.resolve("intents"));
    Path kb = CorpusEditorTest.copy(Path.of("kb"), temp.resolve("kb"));
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("nlp", new JsonObject().put("watch", false).put("intentsDir", intents.toString())
            .put("kbDir", kb.toString()));
    tree.getJsonObject("wechat").put("replyBudget", "4s");
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (await(web.get(server.port(), "127.0.0.1", "/ready").send()).statusCode() != 200) {
      assertThat(System.nanoTime()).as("ready within 300 s (models load slowly on a busy machine)").isLessThan(deadline);
      Thread.sleep(250);
    }
    String id = "ops" + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, "运营" + id, Set.of(Role.OPS), Set.of("general"), 3, false),
        PASSWORD));
    ops = AgentClient.login(vertx, server.port(), id, PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    await(server.close());
    await(fakeApi.close());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
  }

  /** A call that rebuilds the corpus: training takes longer than AgentClient waits on a busy machine. */
  private static JsonObject slowPost(String path, JsonObject body) throws Exception {
    var request = web.request(HttpMethod.POST, server.port(), "127.0.0.1", path).bearerTokenAuthentication(ops.token());
    HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject groupOf(String text) throws Exception {
    JsonArray groups = ops.ok(HttpMethod.GET, "/api/ops/unanswered?limit=200", null).getJsonArray("groups");
    return groups.stream().map(JsonObject.class::cast)
        .filter(g -> g.getJsonArray("samples").stream().anyMatch(s -> text.equals(((JsonObject) s).getString("text"))))
        .findFirst().orElse(null);
  }

  /** Records a miss as the bot would (the pipeline's decision on a made-up text is not this test's subject). */
  private static JsonObject missed(String text) throws Exception {
    UnansweredLog log = server.handoff().reports().unanswered();
    await(log.record(text, "test-" + UUID.randomUUID()));
    JsonObject group = groupOf(text);
    assertThat(group).as("listed: " + text).isNotNull();
    return group;
  }

  @Test
  void corpusStatusAndReload() throws Exception {
    JsonObject corpus = ops.ok(HttpMethod.GET, "/api/ops/corpus", null);
    assertThat(corpus.getString("version")).isNotBlank();
    assertThat(corpus.getLong("builtAt")).isPositive();
    assertThat(corpus.getInteger("intents")).isGreaterThan(10);
    assertThat(corpus.getInteger("faqs")).isGreaterThan(10);
    JsonObject golden = corpus.getJsonObject("golden");
    assertThat(golden.getDouble("gate")).isEqualTo(0.85);
    assertThat(golden.getDouble("accuracy")).isBetween(0.0, 1.0);
    assertThat(golden.getBoolean("passed")).isEqualTo(golden.getDouble("accuracy") >= 0.85);

    JsonObject reloaded = slowPost("/api/ops/corpus/reload", null);
    assertThat(reloaded.getString("version")).isEqualTo(corpus.getString("version"));

    JsonArray list = ops.ok(HttpMethod.GET, "/api/ops/intents", null).getJsonArray("intents");
    assertThat(list.stream().map(JsonObject.class::cast)).anyMatch(i -> i.getString("name").equals("order_status")
        && i.getString("domain").equals("orders") && !i.getString("description").isBlank());
    JsonArray faqs = ops.ok(HttpMethod.GET, "/api/ops/faqs?q=" + java.net.URLEncoder.encode("发票", "UTF-8"), null)
        .getJsonArray("faqs");
    assertThat(faqs).isNotEmpty();
    assertThat(faqs.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "question");
  }

  @Test
  void aRealMissIsRecordedByTheHandlingNode() throws Exception {
    String text = "紫色独角兽" + UUID.randomUUID().toString().substring(0, 4) + "的饲料在哪里能买到";
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", "o" + UUID.randomUUID().toString().replace("-", ""),
        now, text, MSG_IDS.incrementAndGet()), "o1", WeChatAccount.MessageMode.SAFE, now);
    HttpResponse<Buffer> r = await(web.request(HttpMethod.POST, server.port(), "127.0.0.1",
        "/wechat/" + account.id() + "?" + push.query()).sendBuffer(Buffer.buffer(push.body())));
    assertThat(r.statusCode()).isEqualTo(200);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (groupOf(text) == null && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(groupOf(text)).as("the bot could not answer it, so it is listed").isNotNull();
  }

  @Test
  void anUnansweredQuestionBecomesAnExampleAndTheReloadPicksItUp() throws Exception {
    String text = "我那单" + UUID.randomUUID().toString().substring(0, 4) + "到底啥进度了";
    JsonObject group = missed(text);
    String before = ops.ok(HttpMethod.GET, "/api/ops/corpus", null).getString("version");

    JsonObject done = slowPost("/api/ops/unanswered/" + group.getString("id"), new JsonObject()
        .put("action", "example").put("intent", "order_status").put("text", text));

    assertThat(done.getString("version")).isNotEqualTo(before);
    assertThat(ops.ok(HttpMethod.GET, "/api/ops/corpus", null).getString("version")).isEqualTo(done.getString("version"));
    assertThat(Files.readString(intents.resolve("orders.yml"))).contains("      - " + text + "\n");
    assertThat(new IntentCorpusLoader(IntentCorpusLoader.Limits.DEFAULT).load(intents).intent("order_status")
        .orElseThrow().examples()).contains(text);
    assertThat(server.corpus().get().version().shortId()).isEqualTo(done.getString("version"));
    assertThat(groupOf(text)).as("the group is handled").isNull();
    assertThat(await(server.agents().audit().recent(20, null))).anyMatch(e -> e.action().equals("unanswered.example")
        && e.detail().contains("order_status"));
  }

  @Test
  void aWriteThatWouldBreakTheCorpusIsRefusedAndChangesNothing() throws Exception {
    String text = "这个" + UUID.randomUUID().toString().substring(0, 4) + "咋弄";
    JsonObject group = missed(text);
    byte[] file = Files.readAllBytes(intents.resolve("orders.yml"));
    String version = ops.ok(HttpMethod.GET, "/api/ops/corpus", null).getString("version");
    String taken = new IntentCorpusLoader(IntentCorpusLoader.Limits.DEFAULT).load(intents).intent("order_status")
        .orElseThrow().examples().get(0);

    HttpResponse<Buffer> refused = ops.call(HttpMethod.POST, "/api/ops/unanswered/" + group.getString("id"),
        new JsonObject().put("action", "example").put("intent", "cancel_order").put("text", taken));

    assertThat(refused.statusCode()).isEqualTo(422);
    JsonObject body = refused.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo("corpus_invalid");
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.getJsonArray("problems").getString(0)).startsWith("intents/orders.yml:").contains("order_status");
    assertThat(Files.readAllBytes(intents.resolve("orders.yml"))).isEqualTo(file);
    assertThat(ops.ok(HttpMethod.GET, "/api/ops/corpus", null).getString("version")).isEqualTo(version);
    assertThat(groupOf(text)).as("still listed").isNotNull();

    assertThat(ops.call(HttpMethod.POST, "/api/ops/unanswered/" + group.getString("id"),
        new JsonObject().put("action", "example").put("intent", "no_such_intent").put("text", text)).statusCode())
        .isEqualTo(404);
    assertThat(ops.call(HttpMethod.POST, "/api/ops/unanswered/" + group.getString("id"),
        new JsonObject().put("action", "paraphrase").put("faqId", "no-such-faq").put("text", text)).statusCode())
        .isEqualTo(404);
    assertThat(Files.readAllBytes(intents.resolve("orders.yml"))).isEqualTo(file);
  }
}
