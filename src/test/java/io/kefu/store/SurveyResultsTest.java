package io.kefu.store;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kefu.conversation.SurveyReport;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SurveyResultsTest {
  /** The surveys zset is shared: each test run reports over its own far-future hour so runs never overlap. */
  private final long t0 = 10_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 3_600_000L;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> conversations = new ArrayList<>();
  private Redis redis;
  private SurveyResults surveys;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    surveys = new SurveyResults(redis);
  }

  @AfterEach
  void removeThisRunsSurveys() throws Exception {
    for (String id : conversations) {
      await(redis.send(Request.cmd(Command.ZREM).arg(RedisKeys.surveys()).arg(id)));
      await(redis.send(Request.cmd(Command.DEL).arg(RedisKeys.survey(id))));
    }
  }

  @Test
  void onlyTheFirstAnswerOfAConversationCounts() throws Exception {
    String conv = conversation();
    await(surveys.sent(conv, "alice", t0));

    assertThat(await(surveys.record(conv, "alice", 2, t0 + 10))).isTrue();
    assertThat(await(surveys.record(conv, "alice", 5, t0 + 20))).isFalse();

    SurveyReport report = await(surveys.report(t0, t0 + 3_600_000));
    assertThat(report.responses()).isEqualTo(1);
    assertThat(report.average()).isEqualTo(2.0);
    assertThat(report.count(2)).isEqualTo(1);
    assertThat(report.count(5)).isZero();
  }

  @Test
  void reportAddsUpTheWindowPerAgentWithTheResponseRate() throws Exception {
    String a1 = conversation();
    String a2 = conversation();
    String b1 = conversation();
    String unanswered = conversation();
    String unsentAnswer = conversation();
    String later = conversation();
    for (String conv : List.of(a1, a2, b1, unanswered)) {
      await(surveys.sent(conv, conv.equals(b1) ? "bob" : "alice", t0 + 1_000));
    }
    await(surveys.record(a1, "alice", 5, t0 + 2_000));
    await(surveys.record(a2, "alice", 4, t0 + 2_000));
    await(surveys.record(b1, "bob", 1, t0 + 2_000));
    await(surveys.record(unsentAnswer, "bob", 3, t0 + 3_000));
    await(surveys.sent(later, "alice", t0 + 3_600_000)); // the window's end is exclusive
    await(surveys.record(later, "alice", 1, t0 + 3_600_500));

    SurveyReport report = await(surveys.report(t0, t0 + 3_600_000));

    assertThat(report.sent()).isEqualTo(4);
    assertThat(report.responses()).isEqualTo(4);
    assertThat(report.average()).isCloseTo((5 + 4 + 1 + 3) / 4.0, within(1e-9));
    assertThat(report.distribution()).containsExactly(0, 1, 0, 1, 1, 1);
    assertThat(report.responseRate()).isCloseTo(3 / 4.0, within(1e-9));
    assertThat(report.perAgent().get("alice")).isEqualTo(new SurveyReport.AgentScore(2, 4.5));
    assertThat(report.perAgent().get("bob")).isEqualTo(new SurveyReport.AgentScore(2, 2.0));
  }

  @Test
  void emptyWindowReportsNothing() throws Exception {
    SurveyReport report = await(surveys.report(t0, t0 + 1));
    assertThat(report.sent()).isZero();
    assertThat(report.responses()).isZero();
    assertThat(report.responseRate()).isZero();
  }

  @Test
  void badArgumentsFailClearly() {
    assertThat(failure(surveys.record(conversation(), "alice", 6, t0))).hasMessage("score must be 1..5, got 6");
    assertThat(failure(surveys.record(conversation(), " ", 3, t0))).hasMessage("agentId must not be empty");
    assertThat(failure(surveys.report(t0 + 1, t0))).hasMessageContaining("is after");
  }

  private String conversation() {
    String id = "t-" + run + "-" + conversations.size();
    conversations.add(id);
    return id;
  }
}
