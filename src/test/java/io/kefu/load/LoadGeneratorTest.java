package io.kefu.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Responder;
import io.kefu.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the load generator working: short, low-rate runs against an in-process Kefu with a constant bot. Counts
 * only (every message sent, answered and recorded once; retries as WeChat makes them), no timing thresholds.
 */
class LoadGeneratorTest {
  private static Vertx vertx;
  private static CountingWeChatApi api;

  @BeforeAll
  static void start() throws Exception {
    vertx = LoadGenerator.generatorVertx();
    api = KefuUnderTest.await(CountingWeChatApi.start(vertx), 10);
  }

  @AfterAll
  static void stop() throws Exception {
    KefuUnderTest.await(vertx.close(), 30);
  }

  private static LoadScenario scenario(double rate, Duration warmup, Duration duration, Duration replyTimeout,
                                       Duration budget) {
    return scenario(rate, warmup, duration, replyTimeout, budget, "wechat");
  }

  private static LoadScenario scenario(double rate, Duration warmup, Duration duration, Duration replyTimeout,
                                       Duration budget, String channel) {
    LoadScenario d = LoadScenario.defaults();
    return new LoadScenario("test", rate, warmup, duration, 50, 20, 1.0, 0.3, 0.1, 200, replyTimeout, 2, budget,
        false, 3, d.objectives(), channel);
  }

  @Test
  void everyMessageIsSentOnScheduleAnsweredAndRecordedOnce() throws Exception {
    playsEveryMessageOnce("wechat");
  }

  @Test
  void weComCallbacksArePlayedAndAnsweredTheSameWay() throws Exception {
    playsEveryMessageOnce("wecom");
  }

  private void playsEveryMessageOnce(String channel) throws Exception {
    // a generous reply timeout: on a busy machine a slow reply must not turn into a retry here
    LoadScenario s = scenario(50, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(4), channel);
    HttpClientAgent client = LoadGenerator.httpClient(vertx, s);
    LoadReport.Run run;
    // the claim may take the whole budget: on a starved machine a claim refused after 1 s would be a retry here
    try (KefuUnderTest kefu = KefuUnderTest.start(0, TestRedis.url(), api.baseUrl(), s.replyBudget(),
        KefuUnderTest.CONSTANT, tree -> {
          tree.getJsonObject("wechat").put("claimTimeout", s.replyBudget().toMillis() + "ms");
          return tree;
        })) {
      run = LoadGenerator.runAgainst(vertx, client, api, kefu, "test", s, api.sends());
    }
    OpenLoopRun.Result r = run.result();
    assertThat(r.sent()).isEqualTo(100);
    assertThat(r.kinds().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
    assertThat(r.kinds()).containsKeys(MessageMix.Kind.REPEAT, MessageMix.Kind.UNIQUE, MessageMix.Kind.ESCALATION);
    assertThat(r.errors()).isEmpty();
    assertThat(r.unfinished()).isZero();
    assertThat(r.retries()).isZero();
    // passive unless the server's event loop was starved past its reply budget (then 'success' + async reply)
    assertThat(r.passive() + r.acknowledged()).isEqualTo(100);
    assertThat(r.latency().getTotalCount()).isEqualTo(100);
    assertThat(r.latency().getMaxValue()).isLessThanOrEqualTo(Duration.ofSeconds(60).toNanos() / 1000);
    assertThat(r.achievedRate()).isPositive();
    assertThat(run.async().acknowledgedAsync()).as(run.async().toString()).isEqualTo(run.async().answered());
    assertThat(LoadReport.failures(System.out, s.withRate(50), run)).doesNotContain("errors <= 0.00%");
  }

  @Test
  void unansweredPushesAreRetriedWithTheSameMsgIdThenCountedAsErrors() throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    Responder never = request -> {
      asked.incrementAndGet();
      return new CompletableFuture<>();
    };
    LoadScenario s = scenario(20, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(4));
    HttpClientAgent client = LoadGenerator.httpClient(vertx, s);
    OpenLoopRun.Result r;
    try (KefuUnderTest kefu = KefuUnderTest.start(0, TestRedis.url(), api.baseUrl(), s.replyBudget(), never,
        tree -> tree)) {
      r = LoadGenerator.runAgainst(vertx, client, api, kefu, "retry", s, api.sends()).result();
      // retries that reached the server were duplicates of pushes still being processed: the bot ran at most
      // once per MsgId (an attempt may also time out in the generator before it reached the server)
      long duplicates = kefu.messages(io.kefu.app.KefuMetrics.Outcome.DUPLICATE);
      assertThat(asked.get()).isPositive().isLessThanOrEqualTo(20);
      assertThat(asked.get() + duplicates).isLessThanOrEqualTo(60);
    }
    assertThat(r.sent()).isEqualTo(20);
    assertThat(r.retries()).as(r.errors().toString()).isEqualTo(40);
    assertThat(r.errors()).containsEntry("no_reply_after_retries", 20L);
    assertThat(r.latency().getTotalCount()).isZero();
    assertThat(r.unfinished()).isZero();
  }
}
