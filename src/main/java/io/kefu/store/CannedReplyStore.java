package io.kefu.store;

import io.kefu.conversation.CannedReplies;
import io.kefu.conversation.CannedReply;
import io.kefu.kb.FaqCorpus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The canned replies agents write, one JSON value per id in one Redis hash. Knowledge-base replies are not stored. */
public final class CannedReplyStore {
  public static final int MAX_TITLE = 40;
  public static final int MAX_TEXT = 600;
  public static final int MAX_TAGS = 10;
  public static final int MAX_TAG = 20;

  private final Redis redis;

  /** Deleting a reply someone else owns (or a shared one) without the right to. */
  public static final class NotOwnerException extends RuntimeException {
    public NotOwnerException(String message) {
      super(message);
    }
  }

  public CannedReplyStore(Redis redis) {
    this.redis = Objects.requireNonNull(redis, "redis");
  }

  /**
   * Stores a new agent reply and returns it. A null or blank id gets a generated one; an id in use fails.
   * Title 1..{@value #MAX_TITLE} and text 1..{@value #MAX_TEXT} characters after trimming.
   */
  public Future<CannedReply> create(CannedReply reply) {
    CannedReply stored;
    try {
      stored = validated(reply);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.HSETNX).arg(RedisKeys.cannedReplies()).arg(stored.id())
            .arg(encode(stored).encode()))
        .compose(created -> created.toInteger() == 1
            ? Future.succeededFuture(stored)
            : Future.failedFuture(new IllegalArgumentException("id: canned reply '" + stored.id() + "' exists")));
  }

  /**
   * Deletes a reply: its owner may, and whoever {@code mayDeleteOthers} (a supervisor) may delete any reply.
   * True when it was deleted, false when there was none; {@link NotOwnerException} when not allowed.
   */
  public Future<Boolean> delete(String id, String actor, boolean mayDeleteOthers) {
    if (id == null || id.isBlank() || actor == null || actor.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("id and actor must not be empty"));
    }
    return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.cannedReplies()).arg(id)).compose(json -> {
      if (json == null) {
        return Future.succeededFuture(false);
      }
      CannedReply reply = decode(id, new JsonObject(json.toString()));
      if (!mayDeleteOthers && !actor.equals(reply.owner())) {
        return Future.failedFuture(new NotOwnerException(reply.shared()
            ? "only a supervisor may delete the shared canned reply '" + id + "'"
            : "canned reply '" + id + "' belongs to another agent"));
      }
      return redis.send(Request.cmd(Command.HDEL).arg(RedisKeys.cannedReplies()).arg(id))
          .map(deleted -> deleted.toInteger() == 1);
    });
  }

  /** Every stored reply, by title. */
  public Future<List<CannedReply>> list() {
    return redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.cannedReplies())).map(reply -> {
      List<CannedReply> replies = new ArrayList<>();
      RedisReplies.hash(reply).forEach((id, json) -> replies.add(decode(id, new JsonObject(json))));
      replies.sort(Comparator.comparing(CannedReply::title).thenComparing(CannedReply::id));
      return replies;
    });
  }

  /** The stored replies plus the knowledge base's, ready to search. */
  public Future<CannedReplies> searchable(FaqCorpus kbOrNull) {
    return list().map(stored -> CannedReplies.of(stored, kbOrNull));
  }

  private static CannedReply validated(CannedReply reply) {
    if (reply == null) {
      throw new IllegalArgumentException("reply must not be null");
    }
    List<String> problems = new ArrayList<>();
    String title = reply.title().strip();
    String text = reply.text().strip();
    checkLength(problems, "title", title, MAX_TITLE);
    checkLength(problems, "text", text, MAX_TEXT);
    if (reply.source() != CannedReply.Source.AGENT) {
      problems.add("source: only agent replies are stored (kb replies come from the knowledge base)");
    }
    String id = reply.id() == null || reply.id().isBlank() ? "c-" + UUID.randomUUID() : reply.id();
    if (id.startsWith(CannedReply.KB_PREFIX) || !id.strip().equals(id)) {
      problems.add("id: '" + id + "' must not start with '" + CannedReply.KB_PREFIX + "' or be padded");
    }
    if (reply.owner() != null && reply.owner().isBlank()) {
      problems.add("owner: must be an agent id or null for a shared reply");
    }
    if (reply.tags().size() > MAX_TAGS) {
      problems.add("tags: at most " + MAX_TAGS + ", got " + reply.tags().size());
    }
    for (String tag : reply.tags()) {
      if (tag == null || tag.isBlank() || tag.codePointCount(0, tag.length()) > MAX_TAG) {
        problems.add("tags: '" + tag + "' must be 1.." + MAX_TAG + " characters");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid canned reply: " + String.join("; ", problems));
    }
    return new CannedReply(id, title, text, reply.tags(), reply.source(), reply.owner());
  }

  private static void checkLength(List<String> problems, String field, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > max) {
      problems.add(field + ": must be 1.." + max + " characters, got " + length);
    }
  }

  private static JsonObject encode(CannedReply reply) {
    return new JsonObject().put("title", reply.title()).put("text", reply.text())
        .put("tags", new JsonArray(reply.tags())).put("owner", reply.owner());
  }

  private static CannedReply decode(String id, JsonObject json) {
    List<String> tags = json.getJsonArray("tags", new JsonArray()).stream().map(String::valueOf).toList();
    return new CannedReply(id, json.getString("title", ""), json.getString("text", ""), tags,
        CannedReply.Source.AGENT, json.getString("owner"));
  }
}
