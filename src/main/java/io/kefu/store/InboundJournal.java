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
import java.util.UUID;
import io.kefu.report.ReportRecorder;
import io.kefu.report.ReportWindows;

/**
 * Dedup and write-ahead of inbound pushes in Redis: one atomic step claims a push id and appends the
 * message to its conversation's transcript, so a push is persisted before Kefu acknowledges it and
 * processed once across retries and nodes.
 */
public final class InboundJournal {
  private static final LuaScript CLAIM = LuaScript.load("claim_inbound");
  private static final LuaScript COMPLETE = LuaScript.load("complete_inbound");
  private static final LuaScript ADOPT = LuaScript.load("pending-adopt");
  private static final LuaScript TAKE = LuaScript.load("pending-send");
  private static final LuaScript SETTLE = LuaScript.load("pending-done");

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

  /** Claims a push that is not counted as a customer message in the reports (events, tests). */
  public Future<Claim> claim(PushId id, TranscriptEntry message) {
    return claim(id, message, false);
  }

  /**
   * Claims a push and writes it ahead in one atomic step; {@code customerMessage} also counts it in the reports'
   * hour counters (messages, and the conversation the first time it is seen) in that same step, on its first
   * delivery only.
   */
  public Future<Claim> claim(PushId id, TranscriptEntry message, boolean customerMessage) {
    long now = clock.millis();
    long hour = ReportWindows.hourOf(now);
    List<String> args = new ArrayList<>(16 + message.extra().size() * 2);
    args.add(Long.toString(now));
    args.add(Long.toString(lease.toMillis()));
    args.add(Long.toString(ttl.toSeconds()));
    args.add(RedisKeys.PREFIX);
    args.add(id.channel());
    args.add(id.account());
    args.add(id.user());
    args.add(Long.toString(reopenWindow.toMillis()));
    args.add(customerMessage ? RedisKeys.statsHour(hour) : "");
    args.add(Long.toString(hour));
    args.add(Long.toString(ReportRecorder.HOUR_TTL.toSeconds()));
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
    return complete(claim, passiveReply, answer, null, null, 0);
  }

  /**
   * Marks a claimed push as acknowledged with 'success' while its answer is still to be sent, in the same step as
   * {@link #complete}: the "answer pending" state is durable, so if this node dies before its send, any node's
   * {@link #adoptPending sweep} takes it over after {@code lease}. Completes with the owner token to pass to
   * {@link #takePending} before sending.
   */
  public Future<PendingAnswer> completePending(Claim claim, String utterance, Duration lease) {
    String owner = UUID.randomUUID().toString();
    return complete(claim, "", null, owner, utterance, clock.millis() + lease.toMillis())
        .map(v -> new PendingAnswer(claim.id().dedupKey(), owner, claim.id().account(), claim.id().user(),
            claim.conversationId(), utterance, claim.conversationState(), null));
  }

  private Future<Void> complete(Claim claim, String passiveReply, TranscriptEntry answer, String owner,
                                String utterance, long leaseEnd) {
    List<String> args = new ArrayList<>(18);
    args.add(Long.toString(clock.millis()));
    args.add(passiveReply);
    args.add(owner == null ? "" : owner);
    args.add(Long.toString(leaseEnd));
    args.add(utterance == null ? "" : utterance);
    if (answer != null) {
      args.addAll(answer.toFields());
    }
    List<String> keys = List.of(claim.id().dedupKey(), RedisKeys.transcript(claim.conversationId()),
        RedisKeys.conversation(claim.conversationId()), RedisKeys.pendingAnswers(claim.id().channel()));
    return COMPLETE.run(redis, keys, args).mapEmpty();
  }

  /**
   * An acknowledged push whose answer is still to be sent: the dedup key that identifies it, the token of its
   * current owner, where it came from, the encoded utterance, the conversation's state when it was taken, and (when
   * adopted by a sweep) the customer's transcript entry.
   */
  public record PendingAnswer(String dedupKey, String owner, String account, String user, String conversationId,
                              String utterance, String conversationState, TranscriptEntry customerEntry) {
  }

  /**
   * Adopts up to {@code max} pending answers of {@code channel} whose owner's lease ran out; each is then owned by
   * this caller for another {@code lease}.
   */
  public Future<List<PendingAnswer>> adoptPending(String channel, Duration lease, int max) {
    List<String> args = List.of(Long.toString(clock.millis()), Long.toString(lease.toMillis()),
        UUID.randomUUID().toString(), Integer.toString(max), RedisKeys.PREFIX);
    return ADOPT.run(redis, List.of(RedisKeys.pendingAnswers(channel)), args).map(r -> {
      List<PendingAnswer> adopted = new ArrayList<>(r.size());
      for (Response item : r) {
        TranscriptEntry entry = item.get(7).size() == 0 ? null : TranscriptEntry.fromFields(RedisReplies.hash(item.get(7)));
        adopted.add(new PendingAnswer(item.get(0).toString(), item.get(1).toString(), item.get(2).toString(),
            item.get(3).toString(), item.get(4).toString(), item.get(5).toString(), item.get(6).toString(), entry));
      }
      return adopted;
    });
  }

  /**
   * Takes a pending answer for sending: true once, for its current owner only (false when another node adopted it
   * meanwhile, so exactly one node sends). A node that dies between this and its send loses that one answer
   * (never a double one): the channel's API has no idempotency key to make the send itself repeatable.
   */
  public Future<Boolean> takePending(String channel, PendingAnswer pending) {
    return TAKE.run(redis, List.of(pending.dedupKey(), RedisKeys.pendingAnswers(channel)), List.of(pending.owner()))
        .map(r -> r.toInteger() == 1);
  }

  /** Records how a taken pending answer ended ({@code sent}, {@code failed}, {@code silent}) with its transcript line. */
  public Future<Void> settlePending(PendingAnswer pending, String outcome, TranscriptEntry line) {
    List<String> args = new ArrayList<>(16);
    args.add(Long.toString(clock.millis()));
    args.add(outcome);
    if (line != null) {
      args.addAll(line.toFields());
    }
    return SETTLE.run(redis, List.of(pending.dedupKey(), RedisKeys.transcript(pending.conversationId()),
        RedisKeys.conversation(pending.conversationId())), args).mapEmpty();
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
