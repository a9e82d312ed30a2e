package io.kefu.channel.wechat;

import io.kefu.app.KefuMetrics;
import io.kefu.app.KefuMetrics.Outcome;
import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.bot.Utterance;
import io.kefu.bot.WarningThrottle;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.handoff.CustomerTurns;
import io.kefu.store.InboundJournal;
import io.kefu.store.InboundJournal.Claim;
import io.kefu.store.InboundJournal.PendingAnswer;
import io.kefu.store.RedisKeys;
import io.kefu.store.InboundJournal.PushId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /{channel}/{account}}: URL verification and the message callback of Official Accounts
 * ({@code /wechat/…}) and WeCom apps ({@code /wecom/…}). Wires I/O only: decoding is the channel's
 * {@link PushCodec}, persistence {@link InboundJournal}, the answer comes from {@link CustomerTurns}. A push
 * is persisted before it is acknowledged; a push whose answer is not ready within the reply budget is
 * acknowledged at once and answered through the channel's API ({@link PushChannel#send}).
 */
public final class PushCallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PushCallbackHandler.class);
  private static final long PENDING_POLL_MS = 100;
  private static final String SLOT = "kefu.callbackSlot";
  /** Pending answers one sweep adopts at most. */
  private static final int SWEEP_BATCH = 100;

  private final Vertx vertx;
  private final PushChannel channel;
  private final String name;
  private final InboundJournal journal;
  private final CustomerTurns turns;
  private final KefuMetrics metrics;
  private final Clock clock;
  private final CallbackLimits limits;
  private final int maxBodyBytes;
  /** Callbacks of this channel between arrival and their claim's answer, on all event loops of the node. */
  private final AtomicInteger claiming = new AtomicInteger();
  private final WarningThrottle overloadLog = new WarningThrottle(1_000);

  public PushCallbackHandler(Vertx vertx, PushChannel channel, InboundJournal journal, CustomerTurns turns,
                             KefuMetrics metrics, Clock clock, CallbackLimits limits) {
    this.vertx = vertx;
    this.channel = channel;
    this.name = channel.name();
    this.journal = journal;
    this.turns = turns;
    this.metrics = metrics;
    this.clock = clock;
    this.limits = limits;
    this.maxBodyBytes = limits.maxBodyBytes();
  }

  public void mount(Router router) {
    router.get("/" + name + "/:account").handler(this::verify).failureHandler(this::failure);
    // admission is a route of its own: Vert.x Web wants the body handler first on a route
    router.post("/" + name + "/:account").handler(this::admit).failureHandler(this::failure);
    router.post("/" + name + "/:account")
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::receive)
        .failureHandler(this::failure);
  }

  /**
   * Sweeps this channel's pending answers every {@link CallbackLimits#sweepInterval()}: answers acknowledged by a
   * node that died (or stalled past the lease) before sending them are adopted and sent once. Returns the stop.
   */
  public AutoCloseable startSweeper() {
    long timer = vertx.setPeriodic(limits.sweepInterval().toMillis(), t -> sweepPending());
    return () -> vertx.cancelTimer(timer);
  }

  /**
   * One slot of {@link #claiming}, given back once: when the claim answered, or when the callback ended without a
   * claim (a claim refused for its timeout keeps the slot until Redis answers, so the slots bound Redis's queue).
   */
  private final class Slot {
    final long arrivedNanos = System.nanoTime();
    private boolean held = true;
    boolean awaitingClaim;

    void ended() {
      if (!awaitingClaim) {
        release();
      }
    }

    void release() {
      if (held) {
        held = false;
        claiming.decrementAndGet();
      }
    }
  }

  /** Admission at arrival, before the body is read or decrypted: beyond the limit a refusal is all it costs. */
  private void admit(RoutingContext ctx) {
    if (claiming.incrementAndGet() > limits.maxClaiming()) {
      claiming.decrementAndGet();
      reject(ctx, new CallbackRejectedException(RejectReason.OVERLOADED, "limit " + limits.maxClaiming()));
      return;
    }
    Slot slot = new Slot();
    ctx.put(SLOT, slot);
    ctx.addEndHandler(v -> slot.ended());
    ctx.next();
  }

  private void verify(RoutingContext ctx) {
    PushCodec codec = channel.codec(ctx.pathParam("account"));
    try {
      if (codec == null) {
        throw new CallbackRejectedException(RejectReason.UNKNOWN_ACCOUNT, ctx.pathParam("account"));
      }
      Map<String, String> query = QueryParams.parse(ctx.request().query());
      String echo = codec.verifyUrl(query::get);
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(echo);
    } catch (CallbackRejectedException e) {
      reject(ctx, e);
    }
  }

  private void receive(RoutingContext ctx) {
    Slot slot = ctx.get(SLOT);
    long started = slot.arrivedNanos;
    ctx.addBodyEndHandler(v -> metrics.webhookLatency(name, Duration.ofNanos(System.nanoTime() - started)));
    String accountId = ctx.pathParam("account");
    PushCodec codec = channel.codec(accountId);
    DecodedPush push;
    try {
      if (codec == null) {
        throw new CallbackRejectedException(RejectReason.UNKNOWN_ACCOUNT, accountId);
      }
      String body = StrictUtf8.decode(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
      push = codec.decode(QueryParams.parse(ctx.request().query())::get, body);
    } catch (CallbackRejectedException e) {
      slot.release();
      reject(ctx, e);
      return;
    }
    InboundMessage message = push.message();
    if (channel.signal(codec, message)) {
      slot.release();
      metrics.message(name, Outcome.SILENT);
      respond(ctx, codec, push, "");
      return;
    }
    PushId id = new PushId(name, accountId, message.header().fromUser(), message.dedupKey());
    long deadline = started + limits.replyBudget().toNanos();
    TranscriptEntry entry = WeChatTurns.customerEntry(message, clock.millis());
    Utterance utterance = WeChatTurns.utterance(message);
    boolean customerMessage = utterance instanceof Utterance.Text || utterance instanceof Utterance.Media;
    long claimMs = Math.max(1, (started + limits.claimTimeout().toNanos() - System.nanoTime()) / 1_000_000);
    boolean[] refused = {false};
    long claimTimer = vertx.setTimer(claimMs, t -> {
      refused[0] = true;
      reject(ctx, new CallbackRejectedException(RejectReason.CLAIM_TIMEOUT, "after " + limits.claimTimeout()));
    });
    slot.awaitingClaim = true;
    journal.claim(id, entry, customerMessage).onComplete(claimed -> {
      vertx.cancelTimer(claimTimer);
      slot.awaitingClaim = false;
      slot.release();
      if (claimed.failed()) {
        // Not persisted: refuse so that WeChat retries instead of us losing the message.
        reject(ctx, new CallbackRejectedException(RejectReason.STORE_UNAVAILABLE, claimed.cause().getMessage()));
        return;
      }
      Claim claim = claimed.result();
      if (refused[0]) {
        // Refused for being slow, but written ahead after all: the answer is prepared for WeChat's retry (the
        // passive reply is cached with the claim, or a late answer goes through the API as for any other push).
        if (claim.mustProcess()) {
          process(ctx, codec, push, claim, entry, utterance, deadline);
        }
        return;
      }
      switch (claim.status()) {
        case DONE -> {
          metrics.message(name, Outcome.DUPLICATE);
          respond(ctx, codec, push, claim.cachedReply());
        }
        case PENDING -> awaitOtherDelivery(id, entry, deadline).onComplete(r -> {
          Claim settled = r.succeeded() ? r.result() : null;
          if (settled == null) {
            // Never 'success' for a push nobody has answered: its node may have died after the claim. WeChat
            // retries, and a retry after the claim's lease takes it over.
            reject(ctx, new CallbackRejectedException(RejectReason.STILL_PROCESSING, claim.conversationId()));
          } else if (settled.status() == InboundJournal.Status.DONE) {
            metrics.message(name, Outcome.DUPLICATE);
            respond(ctx, codec, push, settled.cachedReply());
          } else {
            process(ctx, codec, push, settled, entry, utterance, deadline);
          }
        });
        default -> process(ctx, codec, push, claim, entry, utterance, deadline);
      }
    });
  }

  private void process(RoutingContext ctx, PushCodec codec, DecodedPush push, Claim claim, TranscriptEntry entry,
                       Utterance utterance, long deadlineNanos) {
    InboundMessage message = push.message();
    String user = message.header().fromUser();
    Future<Void> received = channel.received(codec, message)
        .onFailure(err -> LOG.warn("Could not record the customer-service window of {}: {}", user, err.getMessage()));

    if (claim.newConversation()) {
      turns.handoff().customerArrived(claim.conversationId(), name, codec.accountId(), user);
    }
    BotRequest request = new BotRequest(claim.conversationId(), name, codec.accountId(), user, utterance,
        clock.instant());
    Future<Decision> decision = turns.decide(claim, entry, request);
    withinBudget(decision, deadlineNanos).onComplete(inTime -> {
      if (inTime.succeeded() && inTime.result().isPresent()) {
        answerPassively(ctx, codec, push, claim, inTime.result().get());
      } else if (inTime.failed()) {
        LOG.error("Responder failed for conversation {}: {}", claim.conversationId(), inTime.cause().toString());
        journal.complete(claim, "", null).onComplete(done -> {
          metrics.message(name, Outcome.ASYNC);
          respond(ctx, codec, push, "");
        });
      } else {
        // 'success' only once "answer pending" is durable: if this node dies before its send, a sweep sends it
        journal.completePending(claim, StoredUtterance.encode(utterance), limits.pendingLease()).onComplete(done -> {
          if (done.failed()) {
            // the message is written ahead and its claim still pending: WeChat's retry takes it over
            reject(ctx, new CallbackRejectedException(RejectReason.STORE_UNAVAILABLE, done.cause().getMessage()));
            return;
          }
          metrics.message(name, Outcome.ASYNC);
          respond(ctx, codec, push, "");
          // the answer may only go out once the window this message opened is recorded
          received.eventually(() -> channel.typing(codec, user, true).otherwiseEmpty())
              .transform(ignored -> decision)
              .onComplete(late -> answerLater(codec, user, done.result(), late.succeeded() ? late.result() : null,
                  late.failed() ? late.cause() : null));
        });
      }
    });
  }

  private void answerPassively(RoutingContext ctx, PushCodec codec, DecodedPush push, Claim claim,
                               Decision decision) {
    String text = Decision.customerText(decision);
    InboundMessage.Header header = push.message().header();
    if (text == null) {
      journal.complete(claim, "", null).onComplete(done -> {
        metrics.message(name, Outcome.SILENT);
        respond(ctx, codec, push, "");
      });
      return;
    }
    String reply = ReplyXml.text(header.fromUser(), header.toUser(), clock.instant().getEpochSecond(), text);
    journal.complete(claim, reply, CustomerTurns.botEntry(decision, text, clock.millis())).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Answer to {} not recorded: {}", claim.conversationId(), done.cause().getMessage());
      }
      metrics.message(name, Outcome.PASSIVE);
      respond(ctx, codec, push, reply);
    });
  }

  /**
   * Sends an acknowledged push's late answer, once: the pending answer is taken first (only its current owner can),
   * so a node that lost it to a sweep (it stalled past the lease) sends nothing.
   */
  private void answerLater(PushCodec codec, String user, PendingAnswer pending, Decision decision,
                           Throwable failure) {
    journal.takePending(name, pending).onComplete(taken -> {
      if (taken.failed()) {
        // still pending in Redis: a sweep sends it after the lease
        LOG.warn("Pending answer in conversation {} not taken: {}", pending.conversationId(),
            taken.cause().getMessage());
        return;
      }
      if (!taken.result()) {
        metrics.asyncReply(name, "superseded");
        return;
      }
      send(codec, user, pending, decision, failure);
    });
  }

  private void send(PushCodec codec, String user, PendingAnswer pending, Decision decision, Throwable failure) {
    String conversationId = pending.conversationId();
    if (decision == null) {
      metrics.asyncReply(name, "responder_failed");
      journal.settlePending(pending, "failed", CustomerTurns.systemEntry("bot failed: " + failure, clock.millis()));
      return;
    }
    String text = Decision.customerText(decision);
    if (text == null) {
      channel.typing(codec, user, false).otherwiseEmpty();
      journal.settlePending(pending, "silent", null);
      return;
    }
    channel.send(codec, user, text, CustomerTurns.keepForAgent(decision)).onComplete(sent -> {
      if (sent.succeeded()) {
        metrics.asyncReply(name, "sent");
        journal.settlePending(pending, "sent", CustomerTurns.botEntry(decision, text, clock.millis()));
      } else {
        metrics.asyncReply(name, "failed");
        LOG.warn("Async answer to {} in conversation {} failed: {}", user, conversationId,
            sent.cause().getMessage());
        journal.settlePending(pending, "failed", CustomerTurns.systemEntry("bot answer not delivered: "
            + sent.cause().getMessage() + " | " + text, clock.millis()));
      }
    });
  }

  /** Adopts pending answers whose owner's lease ran out, asks the bot again and sends each once. */
  void sweepPending() {
    journal.adoptPending(name, limits.pendingLease(), SWEEP_BATCH).onComplete(adopted -> {
      if (adopted.failed()) {
        LOG.debug("Pending-answer sweep of {} failed: {}", name, adopted.cause().toString());
        return;
      }
      for (PendingAnswer pending : adopted.result()) {
        PushCodec codec = channel.codec(pending.account());
        if (codec == null) {
          // not an account of this node: left to a node that serves it (it is dropped when its push id expires)
          LOG.debug("Pending answer of unknown account {} left alone", pending.account());
          continue;
        }
        metrics.asyncReply(name, "adopted");
        LOG.info("Adopted the pending answer of {} in conversation {} (its node did not send it)", pending.user(),
            pending.conversationId());
        Utterance utterance = StoredUtterance.decode(pending.utterance());
        String prefix = RedisKeys.dedup(name + ":" + pending.account(), pending.user(), "");
        PushId id = new PushId(name, pending.account(), pending.user(), pending.dedupKey().startsWith(prefix)
            ? pending.dedupKey().substring(prefix.length()) : pending.dedupKey());
        Claim claim = new Claim(id, InboundJournal.Status.TAKEOVER, pending.conversationId(), "", "",
            pending.conversationState(), false);
        TranscriptEntry entry = pending.customerEntry() != null ? pending.customerEntry()
            : new TranscriptEntry(TranscriptEntry.Author.CUSTOMER, "text", pending.utterance(), "", clock.millis(),
                java.util.Map.of());
        BotRequest request = new BotRequest(pending.conversationId(), name, pending.account(), pending.user(),
            utterance, clock.instant());
        turns.decide(claim, entry, request).onComplete(decided -> answerLater(codec, pending.user(), pending,
            decided.succeeded() ? decided.result() : null, decided.failed() ? decided.cause() : null));
      }
    });
  }

  /** Completes with the decision if it arrives before the deadline, or empty when the budget is spent. */
  private Future<Optional<Decision>> withinBudget(Future<Decision> decision, long deadlineNanos) {
    long remainingMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    Promise<Optional<Decision>> result = Promise.promise();
    long timer = vertx.setTimer(remainingMs, t -> result.tryComplete(Optional.empty()));
    decision.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(Optional.of(ar.result()));
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  /**
   * A retry arrived while another delivery is processing: claim again every {@value #PENDING_POLL_MS} ms within
   * our own budget. Completes with the settled claim (DONE with its reply, or TAKEOVER once the other
   * delivery's lease ran out), or null while it is still pending at the deadline.
   */
  private Future<Claim> awaitOtherDelivery(PushId id, TranscriptEntry entry, long deadlineNanos) {
    Promise<Claim> result = Promise.promise();
    poll(id, entry, deadlineNanos, result);
    return result.future();
  }

  private void poll(PushId id, TranscriptEntry entry, long deadlineNanos, Promise<Claim> result) {
    vertx.setTimer(PENDING_POLL_MS, t -> journal.claim(id, entry).onComplete(ar -> {
      if (ar.succeeded() && ar.result().status() != InboundJournal.Status.PENDING) {
        result.complete(ar.result());
      } else if (System.nanoTime() + PENDING_POLL_MS * 1_000_000 >= deadlineNanos) {
        result.complete(null);
      } else {
        poll(id, entry, deadlineNanos, result);
      }
    }));
  }

  private void respond(RoutingContext ctx, PushCodec codec, DecodedPush push, String replyXml) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (replyXml == null || replyXml.isEmpty()) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(channel.noReply());
      return;
    }
    String body;
    try {
      body = codec.encodeReply(replyXml, push);
    } catch (CallbackRejectedException e) {
      LOG.error("Could not encode the reply for account {}: {}", codec.accountId(), e.getMessage());
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(channel.noReply());
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, codec.replyContentType(push)).end(body);
  }

  private void reject(RoutingContext ctx, CallbackRejectedException e) {
    RejectReason reason = e.reason();
    metrics.rejected(name, reason.label());
    if (reason == RejectReason.OVERLOADED || reason == RejectReason.CLAIM_TIMEOUT) {
      logOverload(reason);
    } else {
      LOG.warn("Rejected {} {} from {}: {}", ctx.request().method(), ctx.request().path(),
          ctx.request().remoteAddress(), e.getMessage());
    }
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(reason.httpStatus()).end();
    }
  }

  /** Overload refusals come by the thousand: one log line a second says how many. */
  private void logOverload(RejectReason reason) {
    long count = overloadLog.count(System.nanoTime() / 1_000_000);
    if (count > 0) {
      LOG.warn("Refused {} callbacks of {} since the last report ({} now): overloaded, WeChat retries them",
          count, name, reason.label());
    }
  }

  private void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      reject(ctx, new CallbackRejectedException(RejectReason.BODY_TOO_LARGE, "limit " + maxBodyBytes + " bytes"));
      return;
    }
    LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    metrics.rejected(name, "internal_error");
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(ctx.statusCode() > 0 ? ctx.statusCode() : 500).end();
    }
  }
}
