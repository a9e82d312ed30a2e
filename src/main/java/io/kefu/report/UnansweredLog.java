package io.kefu.report;

import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer messages the bot could not answer, in the Redis stream {@link RedisKeys#unanswered()}: whichever node
 * handled a message appends it. Bounded: about {@value #MAX_ENTRIES} entries, none older than {@link #MAX_AGE}.
 */
public final class UnansweredLog {
  public static final int MAX_ENTRIES = 5_000;
  public static final Duration MAX_AGE = Duration.ofDays(14);
  static final int MAX_TEXT = 500;
  private static final int DELETE_CHUNK = 500;

  private final Redis redis;
  private final Clock clock;

  public UnansweredLog(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  public Future<Void> record(String text, String conversationId) {
    long now = clock.millis();
    String clipped = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    String key = RedisKeys.unanswered();
    return redis.batch(List.of(
            Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(MAX_ENTRIES).arg("*")
                .arg("text").arg(clipped).arg("at").arg(now).arg("conv").arg(conversationId),
            Request.cmd(Command.XTRIM).arg(key).arg("MINID").arg("~").arg(now - MAX_AGE.toMillis()),
            Request.cmd(Command.EXPIRE).arg(key).arg(MAX_AGE.toSeconds())))
        .mapEmpty();
  }

  /** The newest entries first, at most {@code max}. */
  public Future<List<UnansweredEntry>> recent(int max) {
    return redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.unanswered()).arg("+").arg("-").arg("COUNT").arg(max))
        .map(reply -> {
          List<UnansweredEntry> entries = new ArrayList<>(reply == null ? 0 : reply.size());
          if (reply == null) {
            return entries;
          }
          long oldest = clock.millis() - MAX_AGE.toMillis();
          for (Response item : reply) {
            Response values = item.get(1);
            String text = "";
            long at = 0;
            String conv = "";
            for (int i = 0; i + 1 < values.size(); i += 2) {
              String field = values.get(i).toString();
              String value = values.get(i + 1).toString();
              switch (field) {
                case "text" -> text = value;
                case "at" -> at = parseLong(value);
                case "conv" -> conv = value;
                default -> { }
              }
            }
            if (at >= oldest) {
              entries.add(new UnansweredEntry(item.get(0).toString(), text, at, conv));
            }
          }
          return entries;
        });
  }

  /** Removes entries by id (those of a handled group); completes with how many were removed. */
  public Future<Long> remove(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    List<Request> deletes = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
      Request xdel = Request.cmd(Command.XDEL).arg(RedisKeys.unanswered());
      ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK)).forEach(xdel::arg);
      deletes.add(xdel);
    }
    return redis.batch(deletes).map(replies -> {
      long removed = 0;
      for (Response r : replies) {
        removed += r.toLong();
      }
      return removed;
    });
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
