package io.kefu.agent;

import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who did what, kept in the Redis stream {@link RedisKeys#audit()}, trimmed to about {@value #MAX_ENTRIES} entries. */
public final class AuditLog {
  public static final int MAX_ENTRIES = 100_000;
  public static final int MAX_LIMIT = 1_000;
  private static final int MAX_FIELD = 64;
  private static final int MAX_DETAIL = 1_000;
  private static final int PAGE = 500;

  private final Redis redis;
  private final Clock clock;

  public AuditLog(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Appends an entry stamped with the clock's time; null values are stored as "". */
  public Future<Void> record(String actor, String action, String target, String detail) {
    return redis.send(Request.cmd(Command.XADD).arg(RedisKeys.audit()).arg("MAXLEN").arg("~").arg(MAX_ENTRIES)
            .arg("*")
            .arg("at").arg(clock.millis())
            .arg("actor").arg(clip(actor, MAX_FIELD))
            .arg("action").arg(clip(action, MAX_FIELD))
            .arg("target").arg(clip(target, MAX_FIELD))
            .arg("detail").arg(clip(detail, MAX_DETAIL)))
        .mapEmpty();
  }

  /** The newest entries first, at most {@code limit} (1..{@value #MAX_LIMIT}), only {@code actor}'s when not null. */
  public Future<List<AuditEntry>> recent(int limit, String actorOrNull) {
    if (limit < 1 || limit > MAX_LIMIT) {
      return Future.failedFuture(new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT));
    }
    List<AuditEntry> found = new ArrayList<>();
    return page("+", limit, actorOrNull, found, 0).map(v -> found);
  }

  /** Reads backwards from {@code end} until {@code limit} entries matched or the stream is exhausted. */
  private Future<Void> page(String end, int limit, String actor, List<AuditEntry> found, int scanned) {
    int count = actor == null ? limit - found.size() : PAGE;
    return redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.audit()).arg(end).arg("-").arg("COUNT").arg(count))
        .compose(entries -> {
          String last = null;
          for (Response item : entries) {
            last = item.get(0).toString();
            AuditEntry entry = entry(last, item.get(1));
            if (actor == null || actor.equals(entry.actor())) {
              found.add(entry);
              if (found.size() == limit) {
                return Future.succeededFuture();
              }
            }
          }
          int seen = scanned + entries.size();
          if (last == null || entries.size() < count || seen >= MAX_ENTRIES + PAGE) {
            return Future.succeededFuture();
          }
          return page("(" + last, limit, actor, found, seen);
        });
  }

  private static AuditEntry entry(String id, Response values) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < values.size(); i += 2) {
      fields.put(values.get(i).toString(), values.get(i + 1).toString());
    }
    long at;
    try {
      at = Long.parseLong(fields.getOrDefault("at", ""));
    } catch (NumberFormatException e) {
      at = Long.parseLong(id.substring(0, id.indexOf('-')));
    }
    return new AuditEntry(id, Instant.ofEpochMilli(at), fields.getOrDefault("actor", ""),
        fields.getOrDefault("action", ""), fields.getOrDefault("target", ""), fields.getOrDefault("detail", ""));
  }

  private static String clip(String value, int max) {
    if (value == null) {
      return "";
    }
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
