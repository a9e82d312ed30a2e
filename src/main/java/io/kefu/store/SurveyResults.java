package io.kefu.store;

import io.kefu.conversation.SurveyReport;
import io.kefu.conversation.SurveyTally;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Satisfaction surveys in Redis: one hash per conversation and one sorted set of all surveys by the time they were
 * sent (or answered, when no invitation was recorded). A conversation has at most one answer.
 */
public final class SurveyResults {
  private static final LuaScript RECORD = LuaScript.load("survey-record");
  /** Survey hashes read in one round trip by a report. */
  private static final int REPORT_CHUNK = 500;

  private final Redis redis;

  public SurveyResults(Redis redis) {
    this.redis = Objects.requireNonNull(redis, "redis");
  }

  /** Notes that the invitation was sent; sending it again keeps the first time and agent. */
  public Future<Void> sent(String conversationId, String agentId, long atMs) {
    try {
      requireId("conversationId", conversationId);
      requireId("agentId", agentId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String key = RedisKeys.survey(conversationId);
    return redis.batch(List.of(
        Request.cmd(Command.HSETNX).arg(key).arg("sentAt").arg(atMs),
        Request.cmd(Command.HSETNX).arg(key).arg("sentBy").arg(agentId),
        Request.cmd(Command.ZADD).arg(RedisKeys.surveys()).arg("NX").arg(atMs).arg(conversationId))).mapEmpty();
  }

  /** Records the customer's score 1..5; false (and nothing changes) when the conversation was rated before. */
  public Future<Boolean> record(String conversationId, String agentId, int score, long atMs) {
    try {
      requireId("conversationId", conversationId);
      requireId("agentId", agentId);
      if (score < 1 || score > 5) {
        throw new IllegalArgumentException("score must be 1..5, got " + score);
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return RECORD.run(redis, List.of(RedisKeys.survey(conversationId), RedisKeys.surveys()),
        List.of(conversationId, agentId, Integer.toString(score), Long.toString(atMs)))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Surveys whose time falls in [fromMs, toMs). */
  public Future<SurveyReport> report(long fromMs, long toMs) {
    if (fromMs > toMs) {
      return Future.failedFuture(new IllegalArgumentException("fromMs " + fromMs + " is after toMs " + toMs));
    }
    return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(RedisKeys.surveys()).arg(fromMs).arg("(" + toMs))
        .compose(ids -> {
          List<String> conversationIds = new ArrayList<>(ids.size());
          ids.forEach(id -> conversationIds.add(id.toString()));
          return tally(conversationIds, 0, new SurveyTally());
        })
        .map(SurveyTally::report);
  }

  private Future<SurveyTally> tally(List<String> conversationIds, int from, SurveyTally tally) {
    if (from >= conversationIds.size()) {
      return Future.succeededFuture(tally);
    }
    List<String> chunk = conversationIds.subList(from, Math.min(from + REPORT_CHUNK, conversationIds.size()));
    List<Request> requests = chunk.stream()
        .map(id -> Request.cmd(Command.HMGET).arg(RedisKeys.survey(id)).arg("sentAt").arg("score").arg("agent"))
        .toList();
    return redis.batch(requests).compose(replies -> {
      for (Response reply : replies) {
        Response score = reply.get(1);
        tally.add(reply.get(0) != null, score == null ? null : score.toInteger(),
            reply.get(2) == null ? null : reply.get(2).toString());
      }
      return tally(conversationIds, from + chunk.size(), tally);
    });
  }

  private static void requireId(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
