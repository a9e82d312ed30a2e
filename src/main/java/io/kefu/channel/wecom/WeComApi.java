package io.kefu.channel.wecom;

import io.kefu.channel.wechat.AuthorizedApi;
import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.channel.wechat.RetryLoop;
import io.kefu.channel.wechat.RetryPolicy;
import io.kefu.channel.wechat.TokenOwner;
import io.kefu.channel.wechat.WindowLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Non-blocking client of the WeCom APIs Kefu uses: the app's {@code message/send} and the 微信客服 APIs
 * ({@code kf/sync_msg}, {@code kf/send_msg}, {@code kf/send_msg_on_event}, {@code kf/service_state/get|trans},
 * {@code kf/customer/batchget}). Tokens per (CorpID, secret) with the Official Account's single-flight cache;
 * errors are {@link io.kefu.channel.wechat.WeChatApiException}s. Reads and sends that carry an idempotency
 * {@code msgid} are retried after any transport failure; other sends only when WeCom surely saw nothing.
 */
public final class WeComApi {
  static final String MESSAGE_SEND = "/cgi-bin/message/send";
  static final String KF_SYNC = "/cgi-bin/kf/sync_msg";
  static final String KF_SEND = "/cgi-bin/kf/send_msg";
  static final String KF_SEND_ON_EVENT = "/cgi-bin/kf/send_msg_on_event";
  static final String KF_STATE_GET = "/cgi-bin/kf/service_state/get";
  static final String KF_STATE_TRANS = "/cgi-bin/kf/service_state/trans";
  static final String KF_CUSTOMERS = "/cgi-bin/kf/customer/batchget";

  private final Vertx vertx;
  private final AuthorizedApi calls;
  private final WindowLedger ledger;
  private final RetryPolicy retry;

  public WeComApi(Vertx vertx, AuthorizedApi calls, WindowLedger ledger, RetryPolicy retry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  public WindowLedger ledger() {
    return ledger;
  }

  /** {@code message/send}: a text from the app to a member. */
  public Future<Void> sendToMember(WeComApp app, String userId, String text) {
    JsonObject body;
    try {
      body = new JsonObject().put("touser", requireText(userId, "userId")).put("msgtype", "text")
          .put("agentid", app.agentId()).put("text", new OutboundMessage.Text(text).body());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return call(app.credentials(), "message/send", MESSAGE_SEND, body, false).mapEmpty();
  }

  /** One {@code kf/sync_msg} page from {@code cursor} (null for the earliest), with the doorbell's token. */
  public Future<KfPage> sync(KfAccount kf, String cursor, String token, int limit) {
    JsonObject body = new JsonObject().put("open_kfid", kf.openKfId()).put("limit", limit).put("voice_format", 0);
    if (cursor != null && !cursor.isEmpty()) {
      body.put("cursor", cursor);
    }
    if (token != null && !token.isEmpty()) {
      body.put("token", token);
    }
    return call(kf.credentials(), "kf/sync_msg", KF_SYNC, body, true).map(KfPage::of);
  }

  /**
   * {@code kf/send_msg} within the customer's window: reserves a slot in the window ledger first (refused
   * locally when the 48 h / 5-message window is closed or used up) and gives it back when WeCom surely did
   * not deliver. {@code msgid} makes retries idempotent.
   */
  public Future<Void> sendToCustomer(KfAccount kf, String externalUserId, OutboundMessage message, String msgid,
                                     int keepForAgent) {
    JsonObject body;
    try {
      body = kfMessage(message, msgid).put("touser", requireText(externalUserId, "external_userid"))
          .put("open_kfid", kf.openKfId());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return ledger.reserve(kf.windowAccount(), externalUserId, keepForAgent).compose(grant ->
        call(kf.credentials(), "kf/send_msg", KF_SEND, body, true).<Void>mapEmpty()
            .recover(failure -> ledger.settleFailedSend(grant, failure)));
  }

  /** {@code kf/send_msg_on_event}: the one message an event code (welcome_code, msg_code) allows. */
  public Future<Void> sendOnEvent(KfAccount kf, String code, OutboundMessage message, String msgid) {
    JsonObject body;
    try {
      body = kfMessage(message, msgid).put("code", requireText(code, "code"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return call(kf.credentials(), "kf/send_msg_on_event", KF_SEND_ON_EVENT, body, true).mapEmpty();
  }

  /** {@code kf/service_state/get}: the session state (0 new … 4 ended) and its servicer. */
  public Future<KfSessionState> sessionState(KfAccount kf, String externalUserId) {
    JsonObject body = new JsonObject().put("open_kfid", kf.openKfId()).put("external_userid", externalUserId);
    return call(kf.credentials(), "kf/service_state/get", KF_STATE_GET, body, true)
        .map(json -> new KfSessionState(json.getInteger("service_state", 0), json.getString("servicer_userid", "")));
  }

  /** {@code kf/service_state/trans}; completes with the {@code msg_code} WeCom returned, or "" when none. */
  public Future<String> transfer(KfAccount kf, String externalUserId, int state, String servicerOrNull) {
    JsonObject body = new JsonObject().put("open_kfid", kf.openKfId()).put("external_userid", externalUserId)
        .put("service_state", state);
    if (servicerOrNull != null && !servicerOrNull.isEmpty()) {
      body.put("servicer_userid", servicerOrNull);
    }
    return call(kf.credentials(), "kf/service_state/trans", KF_STATE_TRANS, body, false)
        .map(json -> json.getString("msg_code", ""));
  }

  /** {@code kf/customer/batchget}: the customer's UnionID, or null when WeCom does not give one. */
  public Future<String> unionId(KfAccount kf, String externalUserId) {
    JsonObject body = new JsonObject().put("external_userid_list", new JsonArray().add(externalUserId))
        .put("need_enter_session_context", 0);
    return call(kf.credentials(), "kf/customer/batchget", KF_CUSTOMERS, body, true).map(json -> {
      JsonArray list = json.getJsonArray("customer_list", new JsonArray());
      for (Object item : list) {
        if (item instanceof JsonObject customer && externalUserId.equals(customer.getString("external_userid"))) {
          String unionId = customer.getString("unionid", "");
          return unionId.isBlank() ? null : unionId;
        }
      }
      return null;
    });
  }

  private Future<JsonObject> call(TokenOwner owner, String api, String path, JsonObject body, boolean idempotent) {
    return RetryLoop.run(vertx, retry, idempotent, api, () -> calls.post(owner, api, path, body));
  }

  private static JsonObject kfMessage(OutboundMessage message, String msgid) {
    JsonObject body = new JsonObject().put("msgtype", message.msgType()).put(message.msgType(), message.body());
    if (msgid != null) {
      body.put("msgid", msgid);
    }
    return body;
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }
}
