package io.kefu.report;

import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.bot.Utterance;
import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the reports need into Redis, where every node adds to the same counters: hourly counts of messages,
 * bot answers, escalations and conversations (for containment), each first response (for percentiles and SLA
 * attainment), and the messages the bot could not answer. Recording never fails the caller: a Redis error is logged
 * and the report misses that one event.
 */
public final class ReportRecorder {
  /** Hour counters are kept a little longer than the longest chart (7 days). */
  public static final Duration HOUR_TTL = Duration.ofDays(8);
  /** First-response samples are kept this long (percentiles cover the last hour). */
  public static final Duration SAMPLE_AGE = Duration.ofHours(2);
  static final int MAX_SAMPLES = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(ReportRecorder.class);
  private static final LuaScript ESCALATION = LuaScript.load("stats-escalation");

  private final Redis redis;
  private final Clock clock;
  private final UnansweredLog unanswered;
  /** Counter increments not yet in Redis, by hour key and field ({@code key + '|' + field}); see {@link #flush}. */
  private final ConcurrentHashMap<String, AtomicLong> unflushed = new ConcurrentHashMap<>();

  public ReportRecorder(Redis redis, Clock clock, UnansweredLog unanswered) {
    this.redis = redis;
    this.clock = clock;
    this.unanswered = unanswered;
  }

  public UnansweredLog unanswered() {
    return unanswered;
  }

  // Customer messages and new conversations are counted by the inbound claim itself (InboundJournal.claim), in
  // the same Redis step that writes the message ahead.

  /** The bot decided a customer turn: answers are counted, misses go to the unanswered list. */
  public Future<Void> botTurn(BotRequest request, Decision decision) {
    BotOutcome outcome = BotOutcome.of(decision);
    if (outcome == BotOutcome.ANSWERED) {
      return increment(HourCounts.BOT_ANSWERED);
    }
    if (outcome == BotOutcome.MISSED && request.utterance() instanceof Utterance.Text text
        && !SimilarityGrouper.key(text.text()).isEmpty()) {
      return quietly("unanswered", unanswered.record(text.text().strip(), request.conversationId()));
    }
    return Future.succeededFuture();
  }

  /** A conversation was queued for humans. */
  public Future<Void> escalated(String conversationId) {
    long hour = ReportWindows.hourOf(clock.millis());
    return quietly("escalation", ESCALATION.run(redis,
        List.of(RedisKeys.conversation(conversationId), RedisKeys.statsHour(hour)),
        List.of(RedisKeys.PREFIX, Long.toString(HOUR_TTL.toSeconds()))).mapEmpty());
  }

  /** The first human reply of an escalated conversation, written at {@code atMs}. */
  public Future<Void> firstResponse(String conversationId, Duration frt, boolean met, long atMs) {
    String hourKey = RedisKeys.statsHour(ReportWindows.hourOf(atMs));
    String samples = RedisKeys.statsFrt();
    FrtSample sample = new FrtSample(atMs, Math.max(0, frt.toMillis()), met, conversationId);
    return quietly("first response", redis.batch(List.of(
        Request.cmd(Command.HINCRBY).arg(hourKey).arg(HourCounts.FRT_TOTAL).arg(1),
        Request.cmd(Command.HINCRBY).arg(hourKey).arg(HourCounts.FRT_MET).arg(met ? 1 : 0),
        Request.cmd(Command.HINCRBY).arg(hourKey).arg(HourCounts.frtField(FrtBuckets.index(frt))).arg(1),
        Request.cmd(Command.EXPIRE).arg(hourKey).arg(HOUR_TTL.toSeconds()),
        Request.cmd(Command.ZADD).arg(samples).arg(atMs).arg(sample.encode()),
        Request.cmd(Command.ZREMRANGEBYSCORE).arg(samples).arg("-inf").arg("(" + (clock.millis() - SAMPLE_AGE.toMillis())),
        Request.cmd(Command.ZREMRANGEBYRANK).arg(samples).arg(0).arg(-MAX_SAMPLES - 1),
        Request.cmd(Command.EXPIRE).arg(samples).arg(SAMPLE_AGE.toSeconds()))).mapEmpty());
  }

  /**
   * Counts in memory; {@link #flush} (every second on each node) adds the sums to Redis in one batch, so a counter
   * costs no round trip per message. A node that dies loses at most its last second of these counts.
   */
  private Future<Void> increment(String field) {
    String key = RedisKeys.statsHour(ReportWindows.hourOf(clock.millis())) + '|' + field;
    unflushed.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    return Future.succeededFuture();
  }

  /** Adds the counts made since the last flush to Redis, one batch for all of them. */
  public Future<Void> flush() {
    List<Request> batch = new ArrayList<>();
    Set<String> hours = new HashSet<>();
    for (Map.Entry<String, AtomicLong> e : unflushed.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n == 0) {
        unflushed.remove(e.getKey(), e.getValue());
        continue;
      }
      int bar = e.getKey().lastIndexOf('|');
      String hourKey = e.getKey().substring(0, bar);
      batch.add(Request.cmd(Command.HINCRBY).arg(hourKey).arg(e.getKey().substring(bar + 1)).arg(n));
      hours.add(hourKey);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    hours.forEach(hourKey -> batch.add(Request.cmd(Command.EXPIRE).arg(hourKey).arg(HOUR_TTL.toSeconds())));
    return quietly("counters", redis.batch(batch).mapEmpty());
  }

  private static Future<Void> quietly(String what, Future<Void> work) {
    return work.recover(err -> {
      LOG.warn("Report: {} not recorded: {}", what, err.toString());
      return Future.succeededFuture();
    });
  }
}
