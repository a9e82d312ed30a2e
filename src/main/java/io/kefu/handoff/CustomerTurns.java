package io.kefu.handoff;

import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.conversation.ConversationState;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.report.ReportRecorder;
import io.kefu.store.InboundJournal;
import io.kefu.store.InboundJournal.Claim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a customer's turn gets, whatever channel it came from: humans own queued and assigned conversations
 * (the bot stays quiet, agents hear the customer), a closed one takes a survey answer or reopens for the bot,
 * anything else goes to the {@link Responder}, whose escalations go to the hand-off queue (or wherever the
 * channel's {@link Escalation} sends them).
 */
public final class CustomerTurns {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerTurns.class);

  /** Hands a conversation over; completes with text to add to the bot's notice (the queue position …). */
  @FunctionalInterface
  public interface Escalation {
    Future<String> escalate(String conversationId, String reason);
  }

  private final Vertx vertx;
  private final Responder responder;
  private final HandoffService handoff;
  private final ReportRecorder reports;
  private final InboundJournal journal;
  private final java.time.Clock clock;

  public CustomerTurns(Vertx vertx, Responder responder, HandoffService handoff, ReportRecorder reports,
                       InboundJournal journal, java.time.Clock clock) {
    this.vertx = vertx;
    this.responder = responder;
    this.handoff = handoff;
    this.reports = reports;
    this.journal = journal;
    this.clock = clock;
  }

  public HandoffService handoff() {
    return handoff;
  }

  /** Decides the turn, escalating into Kefu's own queue. */
  public Future<Decision> decide(Claim claim, TranscriptEntry entry, BotRequest request) {
    return decide(claim, entry, request, handoff::escalate);
  }

  public Future<Decision> decide(Claim claim, TranscriptEntry entry, BotRequest request, Escalation escalation) {
    ConversationState state = ConversationState.parse(claim.conversationState());
    if (state.withHumans() || state == ConversationState.CLOSED) {
      return handoff.store().get(claim.conversationId()).compose(c -> state.withHumans()
          ? handoff.customerWrote(c, entry)
          : handoff.closedConversationWrote(c, entry)).compose(text -> {
            if (text != null) {
              return Future.succeededFuture(new Decision.Answer(text, "handoff"));
            }
            return state.withHumans() ? Future.succeededFuture(new Decision.Silence("with humans"))
                : botDecision(request, escalation);
          });
    }
    return botDecision(request, escalation);
  }

  private Future<Decision> botDecision(BotRequest request, Escalation escalation) {
    return ask(request).compose(decision -> {
      reports.botTurn(request, decision);
      if (!(decision instanceof Decision.Escalate escalate)) {
        return Future.succeededFuture(decision);
      }
      return escalation.escalate(request.conversationId(), escalate.reason())
          .<Decision>map(wait -> new Decision.Escalate(escalate.reason(),
              wait == null || wait.isEmpty() ? escalate.notice() : escalate.notice() + "\n" + wait))
          .recover(err -> {
            LOG.error("Escalation of conversation {} failed: {}", request.conversationId(), err.toString());
            journal.append(request.conversationId(), systemEntry("escalation failed: " + err, clock.millis()));
            return Future.succeededFuture(decision);
          });
    });
  }

  /** The bot's decision alone, without the hand-off rules. */
  public Future<Decision> ask(BotRequest request) {
    try {
      return Future.fromCompletionStage(responder.respond(request), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Window messages an answer sent through the API must leave: hand-off notices keep the last one for the agent. */
  public static int keepForAgent(Decision decision) {
    return decision instanceof Decision.Escalate
        || decision instanceof Decision.Answer a && a.source().equals("handoff") ? 1 : 0;
  }

  /** The transcript line of a bot answer. */
  public static TranscriptEntry botEntry(Decision decision, String text, long atMillis) {
    String source = decision instanceof Decision.Answer a ? a.source()
        : decision instanceof Decision.Escalate e ? "escalate:" + e.reason() : "clarify";
    return new TranscriptEntry(TranscriptEntry.Author.BOT, "text", text, "", atMillis, Map.of("source", source));
  }

  public static TranscriptEntry systemEntry(String text, long atMillis) {
    return new TranscriptEntry(TranscriptEntry.Author.SYSTEM, "notice", text, "", atMillis, Map.of());
  }
}
