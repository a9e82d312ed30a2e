package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Decision;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload at a callback's front door: beyond {@code wechat.maxClaiming} a push is refused at once, a claim Redis
 * does not confirm within {@code wechat.claimTimeout} is refused (503, WeChat retries) instead of queueing, and a
 * refused push whose claim lands after all is answered to WeChat's retry, by a bot that ran once.
 */
@ExtendWith(VertxExtension.class)
class CallbackOverloadTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  /** A TCP proxy to Redis that can hold back what the clients send (Redis then seems to hang). */
  private static final class StallingProxy {
    private final List<Runnable> held = new ArrayList<>();
    private boolean stalled;
    NetServer server;

    Future<StallingProxy> start(Vertx vertx, String host, int port) {
      server = vertx.createNetServer().connectHandler(client -> {
        client.pause();
        vertx.createNetClient().connect(port, host).onSuccess(redis -> {
          redis.handler(client::write);
          client.handler(data -> forward(redis, data));
          redis.closeHandler(v -> client.close());
          client.closeHandler(v -> redis.close());
          client.resume();
        }).onFailure(err -> client.close());
      });
      return server.listen(0, "127.0.0.1").map(s -> this);
    }

    private synchronized void forward(NetSocket redis, Buffer data) {
      if (stalled) {
        held.add(() -> redis.write(data));
      } else {
        redis.write(data);
      }
    }

    synchronized void stall() {
      stalled = true;
    }

    synchronized void release() {
      stalled = false;
      held.forEach(Runnable::run);
      held.clear();
    }
  }

  @Test
  void claimsRedisCannotConfirmInTimeAreRefusedFastAndTheRetryGetsTheAnswer(Vertx vertx) throws Exception {
    URI redis = URI.create(TestServers.REDIS_URL);
    StallingProxy proxy = await(new StallingProxy().start(vertx, redis.getHost(), redis.getPort()));
    cleanup.add(() -> await(proxy.server.close()));
    FakeWeChatApi fake = await(FakeWeChatApi.start(vertx));
    cleanup.add(() -> await(fake.close()));
    JsonObject tree = TestServers.config(fake.baseUrl(), "safe");
    tree.getJsonObject("redis").put("url", "redis://127.0.0.1:" + proxy.server.actualPort());
    tree.getJsonObject("wechat").put("replyBudget", "2s").put("claimTimeout", "300ms").put("maxClaiming", 1);
    KefuConfig config = ConfigParser.parse(tree);
    AtomicInteger botRuns = new AtomicInteger();
    KefuServer server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), request -> CompletableFuture.completedFuture(
            new Decision.Answer("回复 " + botRuns.incrementAndGet(), "test"))));
    cleanup.add(() -> await(server.close()));
    WeChatAccount account = config.accounts().values().iterator().next();
    WeChatPeer peer = new WeChatPeer(account);
    WebClient web = WebClient.create(vertx);
    String openId = "o-overload-" + UUID.randomUUID();
    long first = MSG_IDS.incrementAndGet();

    proxy.stall();
    Future<HttpResponse<Buffer>> stuck = post(web, server, account, peer, openId, "第一条", first);
    Thread.sleep(100);  // the first push holds the only claim slot while Redis does not answer
    HttpResponse<Buffer> second = await(post(web, server, account, peer, openId, "第二条", MSG_IDS.incrementAndGet()));
    assertThat(second.statusCode()).as("beyond maxClaiming: refused at arrival").isEqualTo(503);
    HttpResponse<Buffer> firstAnswer = await(stuck);
    assertThat(firstAnswer.statusCode()).as("claim not confirmed within claimTimeout").isEqualTo(503);
    assertThat(botRuns).hasValue(0);

    proxy.release();  // the claim lands after all: it is processed and its reply kept for the retry
    HttpResponse<Buffer> retry = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      retry = await(post(web, server, account, peer, openId, "第一条", first));
      if (retry.statusCode() == 200) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(peer.openReply(retry.bodyAsString()).get("Content")).isEqualTo("回复 1");
    assertThat(botRuns).as("the bot ran once for the refused-then-retried push").hasValue(1);
    assertThat(fake.delivered("/cgi-bin/message/custom/send")).as("answered passively, not twice").isEmpty();
  }

  private static Future<HttpResponse<Buffer>> post(WebClient web, KefuServer server, WeChatAccount account,
                                                   WeChatPeer peer, String openId, String text, long msgId) {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, text, msgId), openId,
        WeChatAccount.MessageMode.SAFE, now);
    return web.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wechat/" + account.id() + "?" + push.query())
        .sendBuffer(Buffer.buffer(push.body()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
