package io.kefu.store;

import io.kefu.conversation.ConversationSummary;
import io.kefu.conversation.CustomerProfile;
import io.kefu.conversation.CustomerSchema;
import io.kefu.conversation.InvalidProfileException;
import io.kefu.conversation.ProfilePatch;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.conversation.TranscriptSearch;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Customer profiles in Redis, the link between a customer and their conversations, and the link between the
 * customers that share a WeChat UnionID (the same person on several accounts or channels).
 */
public final class CustomerDirectory {
  /** Most conversations one history call returns. */
  public static final int MAX_HISTORY = 200;
  /** Most recent conversations a history search reads; older ones are not searched. */
  public static final int MAX_SEARCHED = 200;

  private static final LuaScript TOUCH = LuaScript.load("customer-touch");
  private static final LuaScript UPDATE = LuaScript.load("customer-update");
  private static final String TAG = "tag.";
  /** Conversations whose transcripts are read in one round trip while searching. */
  private static final int SEARCH_CHUNK = 20;

  private final Redis redis;
  private final Clock clock;
  private final CustomerSchema schema;

  public CustomerDirectory(Redis redis, Clock clock, CustomerSchema schema) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  public CustomerSchema schema() {
    return schema;
  }

  /** The stored profile, or a fresh default one when nothing is stored; fails for a malformed id. */
  public Future<CustomerProfile> get(String customerId) {
    CustomerProfile.Identity id;
    try {
      id = CustomerProfile.parseId(customerId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.customer(customerId)))
        .map(reply -> decode(id, RedisReplies.hash(reply)));
  }

  /**
   * Records that this customer exists (e.g. on each inbound message) and links their UnionID when known. A null
   * UnionID keeps an earlier link; a different one moves the customer to the new UnionID.
   */
  public Future<CustomerProfile> touch(String channel, String account, String openId, String unionIdOrNull) {
    CustomerProfile.Identity id;
    try {
      id = new CustomerProfile.Identity(channel, account, openId);
      if (unionIdOrNull != null && (unionIdOrNull.isBlank() || !unionIdOrNull.strip().equals(unionIdOrNull))) {
        throw new IllegalArgumentException("unionId must be null or a non-empty id without padding");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String customerId = id.customerId();
    List<String> keys = unionIdOrNull == null
        ? List.of(RedisKeys.customer(customerId))
        : List.of(RedisKeys.customer(customerId), RedisKeys.unionId(unionIdOrNull));
    return TOUCH.run(redis, keys, List.of(channel, account, openId, Long.toString(clock.millis()), customerId,
            unionIdOrNull == null ? "" : unionIdOrNull, RedisKeys.unionId("")))
        .map(reply -> decode(id, RedisReplies.hash(reply)));
  }

  /**
   * Applies an agent's change. Fails with {@link InvalidProfileException} (an IllegalArgumentException) listing
   * every problem when the schema rejects the patch; an empty patch changes nothing.
   */
  public Future<CustomerProfile> update(String customerId, ProfilePatch patch, String actor) {
    CustomerProfile.Identity id;
    try {
      id = CustomerProfile.parseId(customerId);
      if (actor == null || actor.isBlank()) {
        throw new IllegalArgumentException("actor must not be empty");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    List<CustomerSchema.Problem> problems = schema.validate(patch);
    if (!problems.isEmpty()) {
      return Future.failedFuture(new InvalidProfileException(problems));
    }
    if (patch.isEmpty()) {
      return get(customerId);
    }
    List<String> set = new ArrayList<>(List.of("channel", id.channel(), "account", id.account(),
        "openId", id.openId(), "updatedAt", Long.toString(clock.millis()), "updatedBy", actor));
    List<String> delete = new ArrayList<>();
    putIfSet(set, "nickname", patch.nickname());
    putIfSet(set, "tier", patch.tier());
    putIfSet(set, "vip", patch.vip() == null ? null : patch.vip() ? "1" : "0");
    putIfSet(set, "stage", patch.stage());
    putIfSet(set, "note", patch.note());
    if (patch.tags() != null) {
      patch.tags().forEach((dimension, value) -> {
        if (ProfilePatch.removesTag(value)) {
          delete.add(TAG + dimension);
        } else {
          set.add(TAG + dimension);
          set.add(value);
        }
      });
    }
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(set.size() / 2));
    args.addAll(set);
    args.addAll(delete);
    return UPDATE.run(redis, List.of(RedisKeys.customer(customerId)), args)
        .map(reply -> decode(id, RedisReplies.hash(reply)));
  }

  /** Adds a conversation to the customer's history; linking it again keeps the first time. */
  public Future<Void> linkConversation(String customerId, String conversationId, long atMs) {
    try {
      CustomerProfile.parseId(customerId);
      if (conversationId == null || conversationId.isBlank()) {
        throw new IllegalArgumentException("conversationId must not be empty");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.ZADD).arg(RedisKeys.customerConversations(customerId)).arg("NX")
        .arg(atMs).arg(conversationId)).mapEmpty();
  }

  /** The customer and every other customer with the same UnionID; the customer itself comes first. */
  public Future<List<String>> linkedCustomers(String customerId) {
    try {
      CustomerProfile.parseId(customerId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.customer(customerId)).arg("unionId"))
        .compose(unionId -> unionId == null
            ? Future.succeededFuture(List.of(customerId))
            : redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.unionId(unionId.toString())))
                .map(members -> {
                  List<String> ids = new ArrayList<>();
                  ids.add(customerId);
                  members.stream().map(Response::toString).filter(m -> !m.equals(customerId)).sorted()
                      .forEach(ids::add);
                  return ids;
                }));
  }

  /**
   * Conversations of the customer and of every linked customer, newest first. With a query, only those whose
   * transcript contains it (see {@link TranscriptSearch}), each with its matching entries; a search reads the
   * {@value #MAX_SEARCHED} most recent conversations.
   */
  public Future<List<ConversationSummary>> history(String customerId, String queryOrNull, int limit) {
    if (limit < 1 || limit > MAX_HISTORY) {
      return Future.failedFuture(new IllegalArgumentException("limit must be 1.." + MAX_HISTORY + ", got " + limit));
    }
    TranscriptSearch search = queryOrNull == null || queryOrNull.isBlank() ? null : new TranscriptSearch(queryOrNull);
    int candidates = search == null ? limit : MAX_SEARCHED;
    return linkedCustomers(customerId)
        .compose(ids -> redis.batch(ids.stream()
            .map(id -> Request.cmd(Command.ZREVRANGE).arg(RedisKeys.customerConversations(id)).arg(0)
                .arg(candidates - 1).arg("WITHSCORES"))
            .toList()))
        .map(replies -> newestFirst(replies, candidates))
        .compose(conversationIds -> search == null
            ? summaries(conversationIds)
            : search(conversationIds, 0, search, limit, new ArrayList<>()));
  }

  private static List<String> newestFirst(List<Response> replies, int max) {
    Map<String, Double> linkedAt = new HashMap<>();
    for (Response reply : replies) {
      RedisReplies.withScores(reply).forEach(s -> linkedAt.merge(s.member(), s.score(), Math::min));
    }
    return linkedAt.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .limit(max)
        .map(Map.Entry::getKey)
        .toList();
  }

  private Future<List<ConversationSummary>> summaries(List<String> conversationIds) {
    if (conversationIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>();
    for (String id : conversationIds) {
      requests.add(Request.cmd(Command.HGETALL).arg(RedisKeys.conversation(id)));
      requests.add(Request.cmd(Command.XLEN).arg(RedisKeys.transcript(id)));
      requests.add(Request.cmd(Command.XREVRANGE).arg(RedisKeys.transcript(id)).arg("+").arg("-")
          .arg("COUNT").arg(1));
    }
    return redis.batch(requests).map(replies -> {
      List<ConversationSummary> summaries = new ArrayList<>();
      for (int i = 0; i < conversationIds.size(); i++) {
        Map<String, String> conversation = RedisReplies.hash(replies.get(3 * i));
        if (conversation.isEmpty()) {
          continue; // the conversation is gone (expired or deleted)
        }
        int messages = replies.get(3 * i + 1) == null ? 0 : replies.get(3 * i + 1).toInteger();
        List<TranscriptEntry> last = RedisReplies.transcript(replies.get(3 * i + 2));
        summaries.add(summary(conversationIds.get(i), conversation, messages,
            last.isEmpty() ? "" : last.get(0).text(), List.of()));
      }
      return summaries;
    });
  }

  /** Searches the transcripts a chunk at a time, newest first, until {@code limit} conversations match. */
  private Future<List<ConversationSummary>> search(List<String> conversationIds, int from, TranscriptSearch search,
      int limit, List<ConversationSummary> found) {
    if (from >= conversationIds.size() || found.size() >= limit) {
      return Future.succeededFuture(found);
    }
    List<String> chunk = conversationIds.subList(from, Math.min(from + SEARCH_CHUNK, conversationIds.size()));
    List<Request> requests = new ArrayList<>();
    for (String id : chunk) {
      requests.add(Request.cmd(Command.HGETALL).arg(RedisKeys.conversation(id)));
      requests.add(Request.cmd(Command.XRANGE).arg(RedisKeys.transcript(id)).arg("-").arg("+"));
    }
    return redis.batch(requests).compose(replies -> {
      for (int i = 0; i < chunk.size() && found.size() < limit; i++) {
        Map<String, String> conversation = RedisReplies.hash(replies.get(2 * i));
        List<TranscriptEntry> transcript = RedisReplies.transcript(replies.get(2 * i + 1));
        List<TranscriptEntry> matches = search.matches(transcript);
        if (!conversation.isEmpty() && !matches.isEmpty()) {
          found.add(summary(chunk.get(i), conversation, transcript.size(),
              transcript.get(transcript.size() - 1).text(), matches));
        }
      }
      return search(conversationIds, from + chunk.size(), search, limit, found);
    });
  }

  private static ConversationSummary summary(String id, Map<String, String> conversation, int messages,
      String lastText, List<TranscriptEntry> matches) {
    return new ConversationSummary(id, conversation.getOrDefault("channel", ""),
        conversation.getOrDefault("account", ""), conversation.getOrDefault("state", ""),
        RedisReplies.longOr(conversation.get("createdAt"), 0), RedisReplies.longOr(conversation.get("updatedAt"), 0),
        messages, lastText == null ? "" : lastText, matches);
  }

  private CustomerProfile decode(CustomerProfile.Identity id, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return CustomerProfile.fresh(id, schema);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, String> unknownTags = new TreeMap<>();
    fields.forEach((field, value) -> {
      if (field.startsWith(TAG)) {
        unknownTags.put(field.substring(TAG.length()), value);
      }
    });
    // schema order first; tags of dimensions ops have since removed stay visible after them
    for (String dimension : schema.dimensionsByName().keySet()) {
      String value = unknownTags.remove(dimension);
      if (value != null) {
        tags.put(dimension, value);
      }
    }
    tags.putAll(unknownTags);
    return new CustomerProfile(id.customerId(), id.channel(), id.account(), id.openId(), fields.get("unionId"),
        fields.get("nickname"), fields.getOrDefault("tier", schema.defaultTier()), "1".equals(fields.get("vip")),
        fields.getOrDefault("stage", schema.defaultStage()), tags, fields.get("note"),
        RedisReplies.longOr(fields.get("updatedAt"), 0), fields.get("updatedBy"));
  }

  private static void putIfSet(List<String> set, String field, String value) {
    if (value != null) {
      set.add(field);
      set.add(value);
    }
  }
}
