package io.kefu.store;

import io.kefu.conversation.TranscriptEntry;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dedup and write-ahead of inbound pushes in Redis: one atomic step claims a push id and appends the
 * message to its conversation's transcript, so a push is persisted before Kefu acknowledges it and
 * processed once across retries and nodes.
 */
public final class InboundJournal {
  private static final LuaScript CLAIM = LuaScript.load("claim_inbound");
  private static final LuaScript COMPLETE = LuaScript.load("complete_inbound");

  private final Redis redis;
  private final Clock clock;
  private final Duration lease;
  private final Duration ttl;
  private final Duration reopenWindow;

  /**
   * @param lease        how long a claim blocks other deliveries before another node may take over
   * @param ttl          how long a push id is remembered
   * @param reopenWindow a customer message within this time after a close reopens that conversation
   */
  public InboundJournal(Redis redis, Clock clock, Duration lease, Duration ttl, Duration reopenWindow) {
    this.redis = redis;
    this.clock = clock;
    this.lease = lease;
    this.ttl = ttl;
    this.reopenWindow = reopenWindow;
  }

  public enum Status { NEW, TAKEOVER, PENDING, DONE }

  /**
   * Result of a claim; {@code cachedReply} is set for {@link Status#DONE} ("" = answered 'success').
   * {@code conversationState} (BOT, QUEUED, ASSIGNED, CLOSED) is set when the push must be processed;
   * {@code newConversation} says the claim started a conversation.
   */
  public record Claim(PushId id, Status status, String conversationId, String entryId, String cachedReply,
                      String conversationState, boolean newConversation) {
    public boolean mustProcess() {
      return status == Status.NEW || status == Status.TAKEOVER;
    }
  }

  /** Identifies a push across deliveries: channel, account, sender and the channel's message key. */
  public record PushId(String channel, String account, String user, String messageKey) {
    String dedupKey() {
      return RedisKeys.dedup(channel + ":" + account, user, messageKey);
    }
  }

  public Future<Claim> claim(PushId id, TranscriptEntry message) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(clock.millis()));
    args.add(Long.toString(lease.toMillis()));
    args.add(Long.toString(ttl.toSeconds()));
    args.add(RedisKeys.PREFIX);
    args.add(id.channel());
    args.add(id.account());
    args.add(id.user());
    args.add(Long.toString(reopenWindow.toMillis()));
    args.addAll(message.toFields());
    List<String> keys = List.of(id.dedupKey(), RedisKeys.openConversation(id.channel(), id.account(), id.user()),
        RedisKeys.conversationSequence());
    return CLAIM.run(redis, keys, args).map(r -> new Claim(id,
        Status.valueOf(r.get(0).toString().toUpperCase(java.util.Locale.ROOT)),
        str(r.get(1)), str(r.get(2)), str(r.get(3)), r.size() > 4 ? str(r.get(4)) : "",
        r.size() > 5 && "1".equals(str(r.get(5)))));
  }

  /**
   * Marks a claimed push as processed. Retries then receive {@code passiveReply} ("" = 'success');
   * {@code answer}, when not null, is appended to the transcript in the same step.
   */
  public Future<Void> complete(Claim claim, String passiveReply, TranscriptEntry answer) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(clock.millis()));
    args.add(passiveReply);
    if (answer != null) {
      args.addAll(answer.toFields());
    }
    List<String> keys = List.of(claim.id().dedupKey(), RedisKeys.transcript(claim.conversationId()),
        RedisKeys.conversation(claim.conversationId()));
    return COMPLETE.run(redis, keys, args).mapEmpty();
  }

  /** Appends an entry to a conversation's transcript (e.g. an answer sent later through the API). */
  public Future<String> append(String conversationId, TranscriptEntry entry) {
    Request xadd = Request.cmd(Command.XADD).arg(RedisKeys.transcript(conversationId)).arg("*");
    entry.toFields().forEach(xadd::arg);
    return redis.send(xadd).map(Response::toString);
  }

  /** The whole transcript of a conversation, oldest first. */
  public Future<List<TranscriptEntry>> transcript(String conversationId) {
    return redis.send(Request.cmd(Command.XRANGE).arg(RedisKeys.transcript(conversationId)).arg("-").arg("+"))
        .map(r -> {
          List<TranscriptEntry> entries = new ArrayList<>(r.size());
          for (Response item : r) {
            Response values = item.get(1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < values.size(); i += 2) {
              fields.put(values.get(i).toString(), values.get(i + 1).toString());
            }
            entries.add(TranscriptEntry.fromFields(fields));
          }
          return entries;
        });
  }

  /** Id of the user's open conversation, or null. */
  public Future<String> openConversation(String channel, String account, String user) {
    return redis.send(Request.cmd(Command.GET).arg(RedisKeys.openConversation(channel, account, user)))
        .map(InboundJournal::str);
  }

  private static String str(Response response) {
    return response == null ? null : response.toString();
  }
}
