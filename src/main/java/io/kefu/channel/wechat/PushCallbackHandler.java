package io.kefu.channel.wechat;

import io.kefu.app.KefuMetrics;
import io.kefu.app.KefuMetrics.Outcome;
import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.handoff.CustomerTurns;
import io.kefu.store.InboundJournal;
import io.kefu.store.InboundJournal.Claim;
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

  private final Vertx vertx;
  private final PushChannel channel;
  private final String name;
  private final InboundJournal journal;
  private final CustomerTurns turns;
  private final KefuMetrics metrics;
  private final Clock clock;
  private final Duration replyBudget;
  private final int maxBodyBytes;

  public PushCallbackHandler(Vertx vertx, PushChannel channel, InboundJournal journal, CustomerTurns turns,
                             KefuMetrics metrics, Clock clock, Duration replyBudget, int maxBodyBytes) {
    this.vertx = vertx;
    this.channel = channel;
    this.name = channel.name();
    this.journal = journal;
    this.turns = turns;
    this.metrics = metrics;
    this.clock = clock;
    this.replyBudget = replyBudget;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    router.get("/" + name + "/:account").handler(this::verify).failureHandler(this::failure);
    router.post("/" + name + "/:account")
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::receive)
        .failureHandler(this::failure);
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
    long started = System.nanoTime();
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
      reject(ctx, e);
      return;
    }
    InboundMessage message = push.message();
    if (channel.signal(codec, message)) {
      metrics.message(name, Outcome.SILENT);
      respond(ctx, codec, push, "");
      return;
    }
    PushId id = new PushId(name, accountId, message.header().fromUser(), message.dedupKey());
    long deadline = started + replyBudget.toNanos();
    TranscriptEntry entry = WeChatTurns.customerEntry(message, clock.millis());
    journal.claim(id, entry).onComplete(claimed -> {
      if (claimed.failed()) {
        // Not persisted: refuse so that WeChat retries instead of us losing the message.
        reject(ctx, new CallbackRejectedException(RejectReason.STORE_UNAVAILABLE, claimed.cause().getMessage()));
        return;
      }
      Claim claim = claimed.result();
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
            process(ctx, codec, push, settled, entry, deadline);
          }
        });
        default -> process(ctx, codec, push, claim, entry, deadline);
      }
    });
  }

  private void process(RoutingContext ctx, PushCodec codec, DecodedPush push, Claim claim, TranscriptEntry entry,
                       long deadlineNanos) {
    InboundMessage message = push.message();
    String user = message.header().fromUser();
    Future<Void> received = channel.received(codec, message)
        .onFailure(err -> LOG.warn("Could not record the customer-service window of {}: {}", user, err.getMessage()));

    if (claim.newConversation()) {
      turns.handoff().customerArrived(claim.conversationId(), name, codec.accountId(), user);
    }
    BotRequest request = new BotRequest(claim.conversationId(), name, codec.accountId(), user,
        WeChatTurns.utterance(message), clock.instant());
    Future<Decision> decision = turns.decide(claim, entry, request);
    withinBudget(decision, deadlineNanos).onComplete(inTime -> {
      if (inTime.succeeded() && inTime.result().isPresent()) {
        answerPassively(ctx, codec, push, claim, inTime.result().get());
      } else {
        if (inTime.failed()) {
          LOG.error("Responder failed for conversation {}: {}", claim.conversationId(), inTime.cause().toString());
        }
        journal.complete(claim, "", null).onComplete(done -> {
          metrics.message(name, Outcome.ASYNC);
          respond(ctx, codec, push, "");
          if (inTime.succeeded()) {
            // the answer may only go out once the window this message opened is recorded
            received.eventually(() -> channel.typing(codec, user, true).otherwiseEmpty())
                .transform(ignored -> decision)
                .onComplete(late -> answerLater(codec, user, claim, late.succeeded() ? late.result() : null,
                    late.failed() ? late.cause() : null));
          }
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

  private void answerLater(PushCodec codec, String user, Claim claim, Decision decision, Throwable failure) {
    String conversationId = claim.conversationId();
    if (decision == null) {
      metrics.asyncReply(name, "responder_failed");
      journal.append(conversationId, CustomerTurns.systemEntry("bot failed: " + failure, clock.millis()));
      return;
    }
    String text = Decision.customerText(decision);
    if (text == null) {
      channel.typing(codec, user, false).otherwiseEmpty();
      return;
    }
    channel.send(codec, user, text, CustomerTurns.keepForAgent(decision)).onComplete(sent -> {
      if (sent.succeeded()) {
        metrics.asyncReply(name, "sent");
        journal.append(conversationId, CustomerTurns.botEntry(decision, text, clock.millis()));
      } else {
        metrics.asyncReply(name, "failed");
        LOG.warn("Async answer to {} in conversation {} failed: {}", user, conversationId,
            sent.cause().getMessage());
        journal.append(conversationId, CustomerTurns.systemEntry("bot answer not delivered: "
            + sent.cause().getMessage() + " | " + text, clock.millis()));
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
    LOG.warn("Rejected {} {} from {}: {}", ctx.request().method(), ctx.request().path(),
        ctx.request().remoteAddress(), e.getMessage());
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(reason.httpStatus()).end();
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
