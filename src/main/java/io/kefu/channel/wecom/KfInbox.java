package io.kefu.channel.wecom;

import io.kefu.app.KefuMetrics;
import io.kefu.app.KefuMetrics.Outcome;
import io.kefu.bot.BotRequest;
import io.kefu.bot.Decision;
import io.kefu.bot.Utterance;
import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.WindowTrigger;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.handoff.CustomerTurns;
import io.kefu.store.InboundJournal;
import io.kefu.store.InboundJournal.Claim;
import io.kefu.store.InboundJournal.PushId;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kefu does with each item {@code kf/sync_msg} returns. Every item is journaled first (dedup on
 * {@code msgid} with a long TTL, written ahead into the customer's conversation); then:
 * <ul>
 *   <li>a customer message (origin 3) opens the 48 h / 5-message window and goes to {@link CustomerTurns} like
 *       an Official Account message, unless a WeCom servicer owns the session; the answer goes out with
 *       {@code kf/send_msg} after the session is claimed for the bot (state 0/4 → 1);</li>
 *   <li>an escalation goes to Kefu's queue ({@link KfAccount.Handoff#KEFU}) or, after the notice, to WeCom
 *       with {@code service_state/trans} ({@link KfAccount.Handoff#WECOM}), after which the bot is quiet;</li>
 *   <li>{@code enter_session} with a {@code welcome_code} gets the bot's welcome through
 *       {@code send_msg_on_event}; {@code session_status_change} updates the known session state (a servicer
 *       ending the session gives it back to the bot);</li>
 *   <li>a servicer's message (origin 5) is kept in the transcript as an agent line.</li>
 * </ul>
 * A failed answer is written to the transcript, never dropped; only a failure to persist fails the item (the
 * puller then keeps its cursor).
 */
public final class KfInbox implements KfPuller.Inbox {
  private static final Logger LOG = LoggerFactory.getLogger(KfInbox.class);
  static final String TRANSFERRED = "已为您转接人工客服，请稍候。";

  private final WeComApi api;
  private final KfSessions sessions;
  private final InboundJournal journal;
  private final CustomerTurns turns;
  private final KefuMetrics metrics;
  private final Clock clock;

  public KfInbox(WeComApi api, KfSessions sessions, InboundJournal journal, CustomerTurns turns, KefuMetrics metrics,
                 Clock clock) {
    this.metrics = metrics;
    this.api = api;
    this.sessions = sessions;
    this.journal = journal;
    this.turns = turns;
    this.clock = clock;
  }

  @Override
  public Future<Void> handle(KfAccount kf, KfMessage message) {
    if (message.externalUserId().isEmpty() || message.msgId().isEmpty()) {
      LOG.info("微信客服 {}: {} {} without a customer, not kept", kf.id(), message.msgType(), message.eventType());
      return Future.succeededFuture();
    }
    if (message.isEvent()) {
      return event(kf, message);
    }
    return switch (message.origin()) {
      case KfMessage.CUSTOMER -> customerMessage(kf, message);
      case KfMessage.SERVICER -> servicerMessage(kf, message);
      default -> claim(kf, message, entry(TranscriptEntry.Author.SYSTEM, message)).mapEmpty();
    };
  }

  private Future<Void> customerMessage(KfAccount kf, KfMessage message) {
    TranscriptEntry entry = entry(TranscriptEntry.Author.CUSTOMER, message);
    String user = message.externalUserId();
    return claim(kf, message, entry, true).compose(claim -> {
      if (!claim.mustProcess()) {
        metrics.message(KfAccount.CHANNEL, Outcome.DUPLICATE);
        return Future.succeededFuture();
      }
      arrived(kf, claim, user);
      // processing failures are answered in the transcript; the item itself is safely journaled
      return api.ledger().open(kf.windowAccount(), user, WindowTrigger.USER_MESSAGE)
          .recover(err -> {
            LOG.warn("Window of {} not recorded: {}", user, err.toString());
            return Future.succeededFuture();
          })
          .compose(v -> sessions.state(kf, user))
          .compose(state -> state.withWeComServicer()
              ? journal.complete(claim, "", null)
              : answer(kf, message, claim, entry, utterance(message)))
          .recover(err -> recordFailure(claim, "bot failed: " + err));
    });
  }

  private Future<Void> answer(KfAccount kf, KfMessage message, Claim claim, TranscriptEntry entry,
                              Utterance utterance) {
    String user = message.externalUserId();
    BotRequest request = new BotRequest(claim.conversationId(), KfAccount.CHANNEL, kf.id(), user, utterance,
        clock.instant());
    AtomicBoolean transferToWeCom = new AtomicBoolean();
    CustomerTurns.Escalation escalation = kf.handoff() == KfAccount.Handoff.KEFU
        ? turns.handoff()::escalate
        : (conversationId, reason) -> {
          transferToWeCom.set(true);
          return Future.succeededFuture("");
        };
    return turns.decide(claim, entry, request, escalation).compose(decision -> {
      String text = Decision.customerText(decision);
      if (text == null) {
        metrics.message(KfAccount.CHANNEL, Outcome.SILENT);
        return journal.complete(claim, "", null);
      }
      metrics.message(KfAccount.CHANNEL, Outcome.ASYNC);
      Future<Void> sent = sessions.claimForBot(kf, user).compose(state -> state.withWeComServicer()
          ? Future.failedFuture(new IllegalStateException("a WeCom servicer owns the session"))
          : api.sendToCustomer(kf, user, new OutboundMessage.Text(text), replyId("r", message.msgId()),
              CustomerTurns.keepForAgent(decision)));
      return sent.andThen(done -> metrics.asyncReply(KfAccount.CHANNEL, done.succeeded() ? "sent" : "failed"))
          .andThen(done -> {
            if (done.failed()) {
              sessions.forgetAfterRefusal(kf, user, done.cause());
            }
          })
          .transform(done -> journal.complete(claim, "", done.succeeded()
              ? CustomerTurns.botEntry(decision, text, clock.millis())
              : CustomerTurns.systemEntry("bot answer not delivered: " + done.cause().getMessage() + " | " + text,
                  clock.millis())))
          .compose(v -> transferToWeCom.get() ? transfer(kf, claim, user) : Future.succeededFuture());
    });
  }

  /** Hands the session to WeCom's servicers: the configured servicer (state 3) or WeCom's queue (state 2). */
  private Future<Void> transfer(KfAccount kf, Claim claim, String user) {
    int target = kf.servicer() == null ? KfSessionState.QUEUED : KfSessionState.SERVICER;
    return api.transfer(kf, user, target, kf.servicer())
        .compose(code -> sessions.remember(kf, user, new KfSessionState(target,
            kf.servicer() == null ? "" : kf.servicer())))
        .compose(v -> journal.append(claim.conversationId(), CustomerTurns.systemEntry(
            "已转接企业微信客服" + (kf.servicer() == null ? "（排队中）" : " " + kf.servicer()), clock.millis())))
        .<Void>mapEmpty()
        .recover(err -> recordFailure(claim, "transfer to WeCom failed: " + err.getMessage()));
  }

  private Future<Void> event(KfAccount kf, KfMessage message) {
    String user = message.externalUserId();
    return claim(kf, message, entry(TranscriptEntry.Author.SYSTEM, message)).compose(claim -> {
      if (!claim.mustProcess()) {
        return Future.succeededFuture();
      }
      Future<Void> handled = switch (message.eventType()) {
        case "enter_session" -> {
          arrived(kf, claim, user);
          String code = message.field("event.welcome_code");
          yield code.isEmpty() ? journal.complete(claim, "", null) : welcome(kf, message, claim, code);
        }
        case "session_status_change" -> sessionChanged(kf, message, claim);
        default -> journal.complete(claim, "", null);
      };
      return handled.recover(err -> recordFailure(claim, "event " + message.eventType() + " failed: " + err));
    });
  }

  private Future<Void> welcome(KfAccount kf, KfMessage message, Claim claim, String code) {
    BotRequest request = new BotRequest(claim.conversationId(), KfAccount.CHANNEL, kf.id(),
        message.externalUserId(), new Utterance.Follow(message.field("event.scene_param")), clock.instant());
    return turns.ask(request).compose(decision -> {
      String text = Decision.customerText(decision);
      if (text == null) {
        return journal.complete(claim, "", null);
      }
      return api.sendOnEvent(kf, code, new OutboundMessage.Text(text), replyId("w", message.msgId()))
          .transform(done -> journal.complete(claim, "", done.succeeded()
              ? CustomerTurns.botEntry(decision, text, clock.millis())
              : CustomerTurns.systemEntry("welcome not delivered: " + done.cause().getMessage(), clock.millis())));
    });
  }

  /** A servicer picked, transferred, ended or reopened the session in the WeCom client (change_type 1–4). */
  private Future<Void> sessionChanged(KfAccount kf, KfMessage message, Claim claim) {
    String change = message.field("event.change_type");
    String servicer = message.field("event.new_servicer_userid");
    KfSessionState state = "3".equals(change) ? new KfSessionState(KfSessionState.ENDED, "")
        : new KfSessionState(KfSessionState.SERVICER, servicer);
    String note = "3".equals(change) ? "企业微信客服已结束会话，机器人继续接待"
        : "企业微信客服 " + servicer + " 接待中";
    return sessions.remember(kf, message.externalUserId(), state)
        .compose(v -> journal.complete(claim, "", CustomerTurns.systemEntry(note, clock.millis())));
  }

  private Future<Void> servicerMessage(KfAccount kf, KfMessage message) {
    Map<String, String> extra = new LinkedHashMap<>(message.fields());
    extra.put("agent", message.servicer());
    TranscriptEntry entry = new TranscriptEntry(TranscriptEntry.Author.AGENT, message.msgType(),
        message.displayText(), message.msgId(), clock.millis(), extra);
    return claim(kf, message, entry).compose(claim -> claim.mustProcess()
        ? sessions.remember(kf, message.externalUserId(), new KfSessionState(KfSessionState.SERVICER,
            message.servicer())).compose(v -> journal.complete(claim, "", null))
        : Future.succeededFuture());
  }

  private Future<Claim> claim(KfAccount kf, KfMessage message, TranscriptEntry entry) {
    return claim(kf, message, entry, false);
  }

  /** {@code customerMessage}: counted in the reports' hour counters, in the claim's own step. */
  private Future<Claim> claim(KfAccount kf, KfMessage message, TranscriptEntry entry, boolean customerMessage) {
    return journal.claim(new PushId(KfAccount.CHANNEL, kf.id(), message.externalUserId(), "k" + message.msgId()),
        entry, customerMessage);
  }

  /** A new conversation: the customer's profile learns about it, linked by UnionID when WeCom gives one. */
  private void arrived(KfAccount kf, Claim claim, String user) {
    if (!claim.newConversation()) {
      return;
    }
    api.unionId(kf, user)
        .recover(err -> {
          LOG.info("No UnionID for 微信客服 customer {}: {}", user, err.getMessage());
          return Future.succeededFuture(null);
        })
        .onSuccess(unionId -> turns.handoff().customerArrived(claim.conversationId(), KfAccount.CHANNEL, kf.id(),
            user, unionId));
  }

  private Future<Void> recordFailure(Claim claim, String why) {
    LOG.warn("Conversation {}: {}", claim.conversationId(), why);
    return journal.complete(claim, "", CustomerTurns.systemEntry(why, clock.millis()))
        .recover(err -> Future.succeededFuture());
  }

  private TranscriptEntry entry(TranscriptEntry.Author author, KfMessage message) {
    return new TranscriptEntry(author, message.msgType(), message.displayText(), message.msgId(), clock.millis(),
        message.fields());
  }

  static Utterance utterance(KfMessage message) {
    return switch (message.msgType()) {
      case "text" -> message.field("text.menu_id").isEmpty()
          ? new Utterance.Text(message.field("text.content"))
          : new Utterance.MenuClick(message.field("text.content"));
      case "image" -> new Utterance.Media(Utterance.MediaKind.IMAGE, "image");
      case "voice" -> new Utterance.Media(Utterance.MediaKind.VOICE, "voice");
      case "video" -> new Utterance.Media(Utterance.MediaKind.VIDEO, "video");
      case "location" -> new Utterance.Media(Utterance.MediaKind.LOCATION, message.field("location.name"));
      case "link" -> new Utterance.Media(Utterance.MediaKind.LINK, message.field("link.title"));
      default -> new Utterance.Media(Utterance.MediaKind.OTHER, message.msgType());
    };
  }

  /** An idempotency msgid for kf/send_msg (≤ 32 chars of [0-9a-zA-Z_-]) derived from the inbound msgid. */
  static String replyId(String prefix, String inboundMsgId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(inboundMsgId.getBytes(StandardCharsets.UTF_8));
      return prefix + "_" + HexFormat.of().formatHex(digest).substring(0, 29);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JRE", e);
    }
  }
}
