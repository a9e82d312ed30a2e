package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.kefu.channel.wechat.WeChatPeer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped corpus answering realistic shop questions end to end: real models, the real server, a
 * real Redis, signed and encrypted pushes in, decrypted replies checked. One server for the class
 * (loading the models takes seconds).
 */
class NlpOverWeChatTest {
  private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private static Vertx vertx;
  private static FakeWeChatApi fakeApi;
  private static KefuServer server;
  private static WebClient client;
  private static WeChatAccount account;
  private static WeChatPeer peer;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    fakeApi = await(FakeWeChatApi.start(vertx));
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("nlp", new JsonObject().put("watch", false))
        .put("admin", new JsonObject().put("token", ADMIN_TOKEN));
    tree.getJsonObject("wechat").put("replyBudget", "4s");
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (await(get("/ready")).statusCode() != 200) {
      assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    await(server.close());
    await(fakeApi.close());
    await(vertx.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> get(String path) {
    return client.get(server.port(), "127.0.0.1", path).send();
  }

  /** Sends a text as the user and returns the text of the passive reply. */
  private static String say(String openId, String text) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, text, MSG_IDS.incrementAndGet()),
        openId, MessageMode.SAFE, now);
    HttpResponse<Buffer> response = await(client.request(HttpMethod.POST, server.port(), "127.0.0.1",
        "/wechat/" + account.id() + "?" + push.query()).sendBuffer(Buffer.buffer(push.body())));
    assertThat(response.statusCode()).isEqualTo(200);
    return peer.openReply(response.bodyAsString()).getOrDefault("Content", "");
  }

  private static String user() {
    return "o" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void realisticQuestionsGetTheMatchingAnswers() throws Exception {
    String openId = user();
    assertThat(say(openId, "退款一般几天能到账啊")).contains("原路退");
    assertThat(say(openId, "你们支持花呗分期吗")).contains("分期");
    assertThat(say(openId, "能开增值税专用发票吗")).contains("专用发票");
    assertThat(say(openId, "运费怎么算的，多少钱包邮")).contains("99");
  }

  @Test
  void missingOrderNumberIsAskedForThenUsed() throws Exception {
    String openId = user();
    assertThat(say(openId, "我的快递怎么还没到")).contains("订单号");
    assertThat(say(openId, "E2026111200012345")).contains("E2026111200012345").doesNotContain("发一下订单号");
  }

  @Test
  void humanRequestsAndComplaintsAreHandedOver() throws Exception {
    assertThat(say(user(), "转人工")).contains("人工");
    assertThat(say(user(), "我要投诉你们，太垃圾了")).contains("人工");
  }

  @Test
  void adminReloadNeedsTheTokenAndReportsTheVersion() throws Exception {
    HttpResponse<Buffer> anonymous = await(client.post(server.port(), "127.0.0.1", "/admin/corpus/reload").send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrong = await(client.post(server.port(), "127.0.0.1", "/admin/corpus/reload")
        .bearerTokenAuthentication("not-the-token-at-all").send());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> reload = await(client.post(server.port(), "127.0.0.1", "/admin/corpus/reload")
        .bearerTokenAuthentication(ADMIN_TOKEN).send());
    assertThat(reload.statusCode()).isEqualTo(200);
    assertThat(reload.bodyAsJsonObject().getString("version")).isEqualTo(server.corpus().get().version().shortId());
    assertThat(reload.bodyAsJsonObject().getInteger("intents")).isGreaterThanOrEqualTo(40);
  }
}
