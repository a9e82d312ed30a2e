package io.kefu.app;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.store.EmbeddedRedis;
import io.kefu.store.InboundJournal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Faults a callback must survive: a node that died holding a claim, Redis going away and coming back. */
@ExtendWith(VertxExtension.class)
class FaultToleranceTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private KefuServer server;
  private WeChatAccount account;
  private WeChatPeer peer;
  private WebClient client;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      await(server.close());
    }
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  private void start(Vertx vertx, String redisUrl, Responder bot) throws Exception {
    FakeWeChatApi fake = await(FakeWeChatApi.start(vertx));
    cleanup.add(() -> await(fake.close()));
    JsonObject tree = TestServers.config(fake.baseUrl(), "safe");
    tree.getJsonObject("redis").put("url", redisUrl);
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    client = WebClient.create(vertx);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), bot));
  }

  private HttpResponse<Buffer> post(String openId, String text, long msgId) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, text, msgId), openId,
        MessageMode.SAFE, now);
    return await(client.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wechat/" + account.id() + "?"
        + push.query()).sendBuffer(Buffer.buffer(push.body())));
  }

  private InboundJournal journal() {
    return new InboundJournal(server.redis(), Clock.systemUTC(), Duration.ofSeconds(1).plus(KefuServer.CLAIM_LEASE_MARGIN),
        Duration.ofMinutes(5), Duration.ofMinutes(30));
  }

  private List<String> customerTexts(String openId) throws Exception {
    String conversation = await(journal().openConversation("wechat", account.id(), openId));
    List<String> texts = new ArrayList<>();
    for (TranscriptEntry e : await(journal().transcript(conversation))) {
      if (e.author() == TranscriptEntry.Author.CUSTOMER) {
        texts.add(e.text());
      }
    }
    return texts;
  }

  @Test
  void pushClaimedByANodeThatDiedIsRefusedUntilItsLeaseEndsThenTakenOverAndAnsweredOnce(Vertx vertx) throws Exception {
    AtomicInteger botRuns = new AtomicInteger();
    Responder bot = request -> CompletableFuture.completedFuture(
        new Decision.Answer("回复 " + botRuns.incrementAndGet(), "test"));
    start(vertx, TestServers.REDIS_URL, bot);
    String openId = "o-dead-" + UUID.randomUUID();
    long msgId = MSG_IDS.incrementAndGet();
    // another node claimed the push (and wrote it ahead), then died before answering
    await(journal().claim(new InboundJournal.PushId("wechat", account.id(), openId, "m" + msgId),
        new TranscriptEntry(TranscriptEntry.Author.CUSTOMER, "text", "在吗", Long.toString(msgId),
            System.currentTimeMillis(), Map.of())));
    long claimedAt = System.nanoTime();

    HttpResponse<Buffer> early = post(openId, "在吗", msgId);
    assertThat(early.statusCode()).as("WeChat's early retry must not be acknowledged unanswered").isEqualTo(503);
    assertThat(botRuns).hasValue(0);

    long leaseMs = Duration.ofSeconds(1).plus(KefuServer.CLAIM_LEASE_MARGIN).toMillis();
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimedAt);
    if (waited < leaseMs + 100) {
      Thread.sleep(leaseMs + 100 - waited);
    }
    HttpResponse<Buffer> late = post(openId, "在吗", msgId);
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(peer.openReply(late.bodyAsString()).get("Content")).isEqualTo("回复 1");
    HttpResponse<Buffer> again = post(openId, "在吗", msgId);
    assertThat(peer.openReply(again.bodyAsString()).get("Content")).as("the cached reply").isEqualTo("回复 1");
    assertThat(botRuns).as("the bot ran once").hasValue(1);
    assertThat(customerTexts(openId)).as("written ahead once, not again on takeover").containsExactly("在吗");
  }

  @Test
  void redisOutageIsAnswered503AndTheNodeRecoversByItselfWithoutLosingAcknowledgedPushes(Vertx vertx,
                                                                                         @TempDir Path dataDir)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedRedis[] redis = {EmbeddedRedis.start(dataDir, port, "always")};
    cleanup.add(() -> redis[0].close());
    AtomicInteger botRuns = new AtomicInteger();
    start(vertx, redis[0].connectionString(), request -> CompletableFuture.completedFuture(
        new Decision.Answer("好的 " + botRuns.incrementAndGet(), "test")));
    String openId = "o-outage-" + UUID.randomUUID();

    assertThat(post(openId, "第一条", MSG_IDS.incrementAndGet()).statusCode()).isEqualTo(200);

    redis[0].close();
    long duringOutage = MSG_IDS.incrementAndGet();
    assertThat(post(openId, "第二条", duringOutage).statusCode()).as("cannot persist: WeChat must retry")
        .isEqualTo(503);
    int runsBefore = botRuns.get();

    redis[0] = EmbeddedRedis.start(dataDir, port, "always");
    long restarted = System.nanoTime();
    int status = 0;
    HttpResponse<Buffer> retried = null;
    while (status != 200 && System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(15)) {
      retried = post(openId, "第二条", duringOutage);  // WeChat's retry of the refused push
      status = retried.statusCode();
      if (status != 200) {
        Thread.sleep(200);
      }
    }
    assertThat(status).as("the node recovers without a restart").isEqualTo(200);
    assertThat(peer.openReply(retried.bodyAsString()).get("Content")).startsWith("好的");
    assertThat(botRuns.get()).isEqualTo(runsBefore + 1);
    assertThat(customerTexts(openId)).as("both acknowledged pushes kept, once each")
        .containsExactly("第一条", "第二条");
  }
}
