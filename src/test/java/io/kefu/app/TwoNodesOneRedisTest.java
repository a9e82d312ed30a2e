package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.kefu.channel.wechat.WeChatPeer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WeChat's retries of one push landing on two nodes that share a Redis. */
@ExtendWith(VertxExtension.class)
class TwoNodesOneRedisTest {

  @Test
  void retriesOnDifferentNodesAreProcessedOnceAndGetTheSameReply(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger botRuns = new AtomicInteger();
    Responder slowBot = request -> {
      int run = botRuns.incrementAndGet();
      CompletableFuture<Decision> later = new CompletableFuture<>();
      vertx.setTimer(300, t -> later.complete(new Decision.Answer("第 " + run + " 次处理的回复", "test")));
      return later;
    };
    WebClient client = WebClient.create(vertx);
    FakeWeChatApi.start(vertx).compose(fake -> {
      KefuConfig config = ConfigParser.parse(TestServers.config(fake.baseUrl(), "safe"));
      WeChatAccount account = config.accounts().values().iterator().next();
      WeChatPeer peer = new WeChatPeer(account);
      return Future.all(
          KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), slowBot),
          KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), slowBot))
          .compose(nodes -> {
            KefuServer a = nodes.resultAt(0);
            KefuServer b = nodes.resultAt(1);
            long now = System.currentTimeMillis() / 1000;
            String openId = "o-two-nodes-" + now;
            WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, "在吗", now * 1000 + 7),
                openId, MessageMode.SAFE, now);
            List<Future<HttpResponse<Buffer>>> deliveries = List.of(
                client.request(HttpMethod.POST, a.port(), "127.0.0.1", "/wechat/" + account.id() + "?" + push.query())
                    .sendBuffer(Buffer.buffer(push.body())),
                client.request(HttpMethod.POST, b.port(), "127.0.0.1", "/wechat/" + account.id() + "?" + push.query())
                    .sendBuffer(Buffer.buffer(push.body())));
            return Future.all(deliveries).map(all -> {
              ctx.verify(() -> {
                assertThat(botRuns).as("the bot ran once across both nodes").hasValue(1);
                String first = peer.openReply(((HttpResponse<Buffer>) all.resultAt(0)).bodyAsString()).get("Content");
                String second = peer.openReply(((HttpResponse<Buffer>) all.resultAt(1)).bodyAsString()).get("Content");
                assertThat(first).isEqualTo("第 1 次处理的回复").isEqualTo(second);
              });
              return List.of(a, b);
            }).eventually(() -> Future.all(a.close(), b.close()));
          })
          .eventually(fake::close);
    }).onComplete(ctx.succeedingThenComplete());
  }
}
