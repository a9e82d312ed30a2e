package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.store.InboundJournal;
import io.kefu.store.RedisKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An answer acknowledged with 'success' is durable until it is sent: a node that dies (or stalls past the pending
 * lease) between 'success' and its send loses it to another node's sweep, which sends it exactly once.
 */
@ExtendWith(VertxExtension.class)
class PendingAnswersTest {
  private static final String SEND = "/cgi-bin/message/custom/send";

  private final List<KefuServer> servers = new ArrayList<>();
  private FakeWeChatApi fake;

  @AfterEach
  void stop() throws Exception {
    for (KefuServer s : servers) {
      await(s.close());
    }
    if (fake != null) {
      await(fake.close());
    }
  }

  private JsonObject tree(Vertx vertx) throws Exception {
    fake = await(FakeWeChatApi.start(vertx));
    JsonObject tree = TestServers.config(fake.baseUrl(), "safe");
    tree.getJsonObject("wechat").put("replyBudget", "200ms").put("claimTimeout", "200ms").put("pendingLease", "1s");
    return tree;
  }

  private KefuServer start(Vertx vertx, JsonObject tree, PrometheusMeterRegistry registry, Responder bot)
      throws Exception {
    KefuServer server = await(KefuServer.start(vertx, ConfigParser.parse(tree.copy()), registry, Clock.systemUTC(),
        bot));
    servers.add(server);
    return server;
  }

  private static WeChatAccount account(JsonObject tree) {
    return ConfigParser.parse(tree.copy()).accounts().values().iterator().next();
  }

  private List<String> sendsTo(String openId) {
    return fake.delivered(SEND).stream()
        .filter(r -> openId.equals(r.body().getString("touser")))
        .map(r -> r.body().getJsonObject("text").getString("content"))
        .toList();
  }

  private static double counter(PrometheusMeterRegistry registry, String result) {
    var c = registry.find(KefuMetrics.ASYNC_REPLIES).tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  private static void eventually(String what, BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 15 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void answerAcknowledgedByANodeThatDiesBeforeSendingIsSentOnceByAnotherNode(Vertx vertx) throws Exception {
    JsonObject tree = tree(vertx);
    AtomicInteger deadNodeAsked = new AtomicInteger();
    // node A acknowledges with 'success' (its bot does not answer in time) and, the second time, dies before it can
    // send; its first late answer goes out, so the access token is in Redis (a node killed while holding the token
    // refresh lock would hold up every node's sends until the lock's TTL, another fault)
    KefuServer dying = start(vertx, tree, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), request -> {
      if (deadNodeAsked.incrementAndGet() == 1) {
        CompletableFuture<Decision> late = new CompletableFuture<>();
        vertx.setTimer(400, t -> late.complete(new Decision.Answer("稍等", "test")));
        return late;
      }
      return new CompletableFuture<>();
    });
    PrometheusMeterRegistry survivorMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicInteger survivorAsked = new AtomicInteger();
    KefuServer survivor = start(vertx, tree, survivorMetrics, request -> CompletableFuture.completedFuture(
        new Decision.Answer("您的订单已发货 " + survivorAsked.incrementAndGet(), "test")));
    WeChatAccount account = account(tree);
    String openId = "o-pending-" + UUID.randomUUID();

    WeChatCustomer customer = new WeChatCustomer(WebClient.create(vertx), dying.port(), account,
        new WeChatPeer(account));
    assertThat(customer.says(openId, "你好")).isEmpty();
    eventually("node A's first late answer is sent", () -> sendsTo(openId).contains("稍等"));
    assertThat(customer.says(openId, "我的快递到哪了")).as("acknowledged with 'success'").isEmpty();
    assertThat(deadNodeAsked).hasValue(2);
    await(dying.close());
    servers.remove(dying);

    eventually("the survivor sends the pending answer", () -> sendsTo(openId).size() == 2);
    assertThat(sendsTo(openId)).containsExactly("稍等", "您的订单已发货 1");
    assertThat(counter(survivorMetrics, "adopted")).isEqualTo(1);
    assertThat(counter(survivorMetrics, "sent")).isEqualTo(1);

    // settled in Redis: no sweep will adopt it again
    InboundJournal journal = new InboundJournal(survivor.redis(), Clock.systemUTC(), Duration.ofSeconds(3),
        Duration.ofMinutes(5), Duration.ofMinutes(30));
    eventually("the answer is recorded", () -> botLines(journal, account, openId).size() == 2);
    assertThat(botLines(journal, account, openId)).containsExactly("稍等", "您的订单已发货 1");
    List<String> pending = new ArrayList<>();
    await(survivor.redis().send(Request.cmd(Command.ZRANGE).arg(RedisKeys.pendingAnswers("wechat")).arg(0).arg(-1)))
        .forEach(member -> pending.add(member.toString()));
    assertThat(pending).as("nothing of this customer still pending").noneMatch(key -> key.contains(openId));
    assertThat(survivorAsked).as("the bot was asked again once").hasValue(1);
  }

  @Test
  void aNodeThatStallsPastTheLeaseLosesTheAnswerToTheSweepAndSendsNothing(Vertx vertx) throws Exception {
    JsonObject tree = tree(vertx);
    CompletableFuture<Decision> stalled = new CompletableFuture<>();
    AtomicInteger asked = new AtomicInteger();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the first decision stalls beyond the lease; the sweep asks again and gets an answer at once
    KefuServer server = start(vertx, tree, metrics, request -> asked.incrementAndGet() == 1 ? stalled
        : CompletableFuture.completedFuture(new Decision.Answer("再次回答", "test")));
    WeChatAccount account = account(tree);
    String openId = "o-stall-" + UUID.randomUUID();
    WeChatCustomer customer = new WeChatCustomer(WebClient.create(vertx), server.port(), account,
        new WeChatPeer(account));
    assertThat(customer.says(openId, "在吗")).isEmpty();

    eventually("the sweep sends the adopted answer", () -> !sendsTo(openId).isEmpty());
    stalled.complete(new Decision.Answer("迟到的回答", "test"));
    eventually("the stalled owner gives up its send", () -> counter(metrics, "superseded") == 1);

    assertThat(sendsTo(openId)).as("exactly one answer reached the customer").containsExactly("再次回答");
    assertThat(counter(metrics, "sent")).isEqualTo(1);
    assertThat(asked).hasValue(2);
  }

  private static List<String> botLines(InboundJournal journal, WeChatAccount account, String openId) {
    try {
      String conversation = await(journal.openConversation("wechat", account.id(), openId));
      List<String> lines = new ArrayList<>();
      for (TranscriptEntry e : await(journal.transcript(conversation))) {
        if (e.author() == TranscriptEntry.Author.BOT) {
          lines.add(e.text());
        }
      }
      return lines;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
