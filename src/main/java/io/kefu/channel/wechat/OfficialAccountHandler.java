package io.kefu.channel.wechat;

import io.kefu.app.KefuMetrics;
import io.kefu.app.KefuMetrics.Outcome;
import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.conversation.ConversationState;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.handoff.HandoffService;
import io.kefu.bot.Utterance;
import io.kefu.report.ReportRecorder;
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
 * {@code /wechat/{account}}: URL verification and the message callback of Official Accounts. Wires I/O
 * only: decoding is {@link OfficialAccountCodec}, persistence {@link InboundJournal}, the answer comes
 * from the {@link Responder}. A push is persisted before it is acknowledged; a push whose answer is not
 * ready within the reply budget is acknowledged with {@code success} and answered through the
 * customer-service API.
 */
public final class OfficialAccountHandler {
  public static final String CHANNEL = "wechat";
  private static final Logger LOG = LoggerFactory.getLogger(OfficialAccountHandler.class);
  private static final String SUCCESS = "success";
  private static final long PENDING_POLL_MS = 100;

  private final Vertx vertx;
  private final Map<String, OfficialAccountCodec> codecs;
  private final InboundJournal journal;
  private final Responder responder;
  private final HandoffService handoff;
  private final WeChatApiClient api;
  private final WindowLedger windows;
  private final KefuMetrics metrics;
  private final ReportRecorder reports;
  private final Clock clock;
  private final Duration replyBudget;
  private final int maxBodyBytes;

  public OfficialAccountHandler(Vertx vertx, Map<String, OfficialAccountCodec> codecs, InboundJournal journal,
                                Responder responder, HandoffService handoff, WeChatApiClient api, KefuMetrics metrics,
                                ReportRecorder reports, Clock clock, Duration replyBudget, int maxBodyBytes) {
    this.vertx = vertx;
    this.codecs = Map.copyOf(codecs);
    this.journal = journal;
    this.responder = responder;
    this.handoff = handoff;
    this.api = api;
    this.windows = api.ledger();
    this.metrics = metrics;
    this.reports = reports;
    this.clock = clock;
    this.replyBudget = replyBudget;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    router.get("/wechat/:account").handler(this::verify).failureHandler(this::failure);
    router.post("/wechat/:account")
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::receive)
        .failureHandler(this::failure);
  }

  private void verify(RoutingContext ctx) {
    OfficialAccountCodec codec = codecs.get(ctx.pathParam("account"));
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
    ctx.addBodyEndHandler(v -> metrics.webhookLatency(CHANNEL, Duration.ofNanos(System.nanoTime() - started)));
    String accountId = ctx.pathParam("account");
    OfficialAccountCodec codec = codecs.get(accountId);
    OfficialAccountCodec.DecodedPush push;
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
    PushId id = new PushId(CHANNEL, accountId, message.header().fromUser(), message.dedupKey());
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
          metrics.message(CHANNEL, Outcome.DUPLICATE);
          respond(ctx, codec, push, claim.cachedReply());
        }
        case PENDING -> {
          metrics.message(CHANNEL, Outcome.DUPLICATE);
          awaitOtherDelivery(id, deadline).onComplete(r -> respond(ctx, codec, push, r.succeeded() ? r.result() : ""));
        }
        default -> process(ctx, codec, push, claim, entry, deadline);
      }
    });
  }

  private void process(RoutingContext ctx, OfficialAccountCodec codec, OfficialAccountCodec.DecodedPush push,
                       Claim claim, TranscriptEntry entry, long deadlineNanos) {
    InboundMessage message = push.message();
    WeChatAccount account = codec.account();
    String openId = message.header().fromUser();
    WindowTrigger trigger = WeChatTurns.windowTrigger(message);
    Future<Void> windowOpened = trigger == null ? Future.succeededFuture() : windows.open(account, openId, trigger)
        .onFailure(err -> LOG.warn("Could not open the customer-service window of {}: {}", openId, err.getMessage()));

    if (claim.newConversation()) {
      handoff.customerArrived(claim.conversationId(), CHANNEL, account.id(), openId);
    }
    BotRequest request = new BotRequest(claim.conversationId(), CHANNEL, account.id(), openId,
        WeChatTurns.utterance(message), clock.instant());
    if (request.utterance() instanceof Utterance.Text || request.utterance() instanceof Utterance.Media) {
      reports.customerMessage(claim.conversationId());
    }
    Future<Decision> decision = route(claim, entry, request);
    withinBudget(decision, deadlineNanos).onComplete(inTime -> {
      if (inTime.succeeded() && inTime.result().isPresent()) {
        answerPassively(ctx, codec, push, claim, inTime.result().get());
      } else {
        if (inTime.failed()) {
          LOG.error("Responder failed for conversation {}: {}", claim.conversationId(), inTime.cause().toString());
        }
        journal.complete(claim, "", null).onComplete(done -> {
          metrics.message(CHANNEL, Outcome.ASYNC);
          respond(ctx, codec, push, "");
          if (inTime.succeeded()) {
            // the answer may only go out once the window this message opened is recorded
            windowOpened.eventually(() -> api.typing(account, openId, true).otherwiseEmpty())
                .transform(ignored -> decision)
                .onComplete(late -> answerLater(account, openId, claim, late.succeeded() ? late.result() : null,
                    late.failed() ? late.cause() : null));
          }
        });
      }
    });
  }

  /** Humans own queued and assigned conversations; a closed one takes a survey answer or reopens for the bot. */
  private Future<Decision> route(Claim claim, TranscriptEntry entry, BotRequest request) {
    ConversationState state = ConversationState.parse(claim.conversationState());
    if (state.withHumans() || state == ConversationState.CLOSED) {
      return handoff.store().get(claim.conversationId()).compose(c -> state.withHumans()
          ? handoff.customerWrote(c, entry)
          : handoff.closedConversationWrote(c, entry)).compose(text -> {
            if (text != null) {
              return Future.succeededFuture(new Decision.Answer(text, "handoff"));
            }
            return state.withHumans() ? Future.succeededFuture(new Decision.Silence("with humans"))
                : botDecision(request);
          });
    }
    return botDecision(request);
  }

  private Future<Decision> botDecision(BotRequest request) {
    return decide(request).compose(decision -> {
      reports.botTurn(request, decision);
      if (!(decision instanceof Decision.Escalate escalate)) {
        return Future.succeededFuture(decision);
      }
      return handoff.escalate(request.conversationId(), escalate.reason())
          .<Decision>map(wait -> new Decision.Escalate(escalate.reason(), escalate.notice() + "\n" + wait))
          .recover(err -> {
            LOG.error("Escalation of conversation {} failed: {}", request.conversationId(), err.toString());
            journal.append(request.conversationId(), systemEntry("escalation failed: " + err));
            return Future.succeededFuture(decision);
          });
    });
  }

  private Future<Decision> decide(BotRequest request) {
    try {
      return Future.fromCompletionStage(responder.respond(request), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void answerPassively(RoutingContext ctx, OfficialAccountCodec codec, OfficialAccountCodec.DecodedPush push,
                               Claim claim, Decision decision) {
    String text = Decision.customerText(decision);
    InboundMessage.Header header = push.message().header();
    if (text == null) {
      journal.complete(claim, "", null).onComplete(done -> {
        metrics.message(CHANNEL, Outcome.SILENT);
        respond(ctx, codec, push, "");
      });
      return;
    }
    String reply = ReplyXml.text(header.fromUser(), header.toUser(), clock.instant().getEpochSecond(), text);
    journal.complete(claim, reply, botEntry(decision, text)).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Answer to {} not recorded: {}", claim.conversationId(), done.cause().getMessage());
      }
      metrics.message(CHANNEL, Outcome.PASSIVE);
      respond(ctx, codec, push, reply);
    });
  }

  private void answerLater(WeChatAccount account, String openId, Claim claim, Decision decision, Throwable failure) {
    String conversationId = claim.conversationId();
    if (decision == null) {
      metrics.asyncReply(CHANNEL, "responder_failed");
      journal.append(conversationId, systemEntry("bot failed: " + failure));
      return;
    }
    String text = Decision.customerText(decision);
    if (text == null) {
      api.typing(account, openId, false).otherwiseEmpty();
      return;
    }
    // notices of a hand-off keep the window's last message for the agent's first reply
    SendOptions options = decision instanceof Decision.Escalate
        || decision instanceof Decision.Answer a && a.source().equals("handoff")
        ? SendOptions.keepingForAgent(1) : SendOptions.DEFAULT;
    api.send(account, openId, new OutboundMessage.Text(text), options).onComplete(sent -> {
      if (sent.succeeded()) {
        metrics.asyncReply(CHANNEL, "sent");
        journal.append(conversationId, botEntry(decision, text));
      } else {
        metrics.asyncReply(CHANNEL, "failed");
        LOG.warn("Async answer to {} in conversation {} failed: {}", openId, conversationId,
            sent.cause().getMessage());
        journal.append(conversationId, systemEntry("bot answer not delivered: " + sent.cause().getMessage()
            + " | " + text));
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

  /** A retry arrived while another delivery is processing: wait for its reply within our own budget. */
  private Future<String> awaitOtherDelivery(PushId id, long deadlineNanos) {
    Promise<String> result = Promise.promise();
    poll(id, deadlineNanos, result);
    return result.future();
  }

  private void poll(PushId id, long deadlineNanos, Promise<String> result) {
    journal.replyIfDone(id).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        result.complete(ar.result());
      } else if (System.nanoTime() + PENDING_POLL_MS * 1_000_000 >= deadlineNanos) {
        result.complete("");
      } else {
        vertx.setTimer(PENDING_POLL_MS, t -> poll(id, deadlineNanos, result));
      }
    });
  }

  private void respond(RoutingContext ctx, OfficialAccountCodec codec, OfficialAccountCodec.DecodedPush push,
                       String replyXml) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (replyXml == null || replyXml.isEmpty()) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(SUCCESS);
      return;
    }
    String body;
    try {
      body = codec.encodeReply(replyXml, push.encrypted(), push.nonce());
    } catch (CallbackRejectedException e) {
      LOG.error("Could not encode the reply for account {}: {}", codec.account().id(), e.getMessage());
      body = SUCCESS;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/xml; charset=utf-8").end(body);
  }

  private void reject(RoutingContext ctx, CallbackRejectedException e) {
    RejectReason reason = e.reason();
    metrics.rejected(CHANNEL, reason.label());
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
    metrics.rejected(CHANNEL, "internal_error");
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(ctx.statusCode() > 0 ? ctx.statusCode() : 500).end();
    }
  }

  private TranscriptEntry botEntry(Decision decision, String text) {
    String source = decision instanceof Decision.Answer a ? a.source()
        : decision instanceof Decision.Escalate e ? "escalate:" + e.reason() : "clarify";
    return new TranscriptEntry(TranscriptEntry.Author.BOT, "text", text, "", clock.millis(),
        Map.of("source", source));
  }

  private TranscriptEntry systemEntry(String text) {
    return new TranscriptEntry(TranscriptEntry.Author.SYSTEM, "notice", text, "", clock.millis(), Map.of());
  }
}
