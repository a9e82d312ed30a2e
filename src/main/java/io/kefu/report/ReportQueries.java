package io.kefu.report;

import io.kefu.store.RedisKeys;
import io.kefu.store.RedisReplies;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Reads the counters and samples {@link ReportRecorder} wrote (by every node). */
public final class ReportQueries {
  private final Redis redis;

  public ReportQueries(Redis redis) {
    this.redis = redis;
  }

  /** The counters of the given hour buckets, in the same order (zeros for hours without any). */
  public Future<List<HourCounts>> hours(List<Long> hourStarts) {
    if (hourStarts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> reads = hourStarts.stream()
        .map(h -> Request.cmd(Command.HGETALL).arg(RedisKeys.statsHour(h))).toList();
    return redis.batch(reads).map(replies -> {
      List<HourCounts> out = new ArrayList<>(hourStarts.size());
      for (int i = 0; i < hourStarts.size(); i++) {
        out.add(HourCounts.fromFields(hourStarts.get(i), RedisReplies.hash(replies.get(i))));
      }
      return out;
    });
  }

  /** First responses written in [fromMs, toMs]. */
  public Future<List<FrtSample>> firstResponses(long fromMs, long toMs) {
    return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(RedisKeys.statsFrt()).arg(fromMs).arg(toMs))
        .map(reply -> {
          List<FrtSample> out = new ArrayList<>(reply == null ? 0 : reply.size());
          if (reply != null) {
            for (Response member : reply) {
              try {
                out.add(FrtSample.decode(member.toString()));
              } catch (IllegalArgumentException ignored) {
                // not written by this version: skipped
              }
            }
          }
          return out;
        });
  }
}
