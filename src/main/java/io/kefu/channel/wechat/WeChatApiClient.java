package io.kefu.channel.wechat;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.Objects;

/**
 * Non-blocking client of the Official Account customer-service API: {@code custom/send} and
 * {@code custom/typing}.
 *
 * <p>{@link #send} reserves a slot in the user's window first, so a message the ledger refuses
 * never reaches WeChat. It then retries only where no duplicate can result: once with a fresh
 * token after 40001/40014/42001, and with backoff after {@code -1} or a failure before the
 * request left this node. A timeout after writing, an HTTP 5xx or an unreadable answer fails with
 * {@link WeChatApiException.Kind#TRANSPORT} and {@code mayHaveBeenDelivered() == true}. The window
 * slot is given back only when WeChat surely did not deliver the message.
 */
public final class WeChatApiClient {
  static final String SEND_PATH = "/cgi-bin/message/custom/send";
  static final String TYPING_PATH = "/cgi-bin/message/custom/typing";

  private final Vertx vertx;
  private final WeChatHttpTransport http;
  private final AccessTokens tokens;
  private final WindowLedger ledger;
  private final RetryPolicy retry;
  private final AuthorizedApi calls;

  /**
   * @param http     transport with the API base URL and request timeout
   * @param registry Micrometer registry for {@code kefu_wechat_api_calls_total}, or null
   */
  public WeChatApiClient(Vertx vertx, WeChatHttpTransport http, AccessTokens tokens, WindowLedger ledger,
      RetryPolicy retry, MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.calls = new AuthorizedApi(http, tokens, registry);
  }

  /**
   * Wires transport, token cache and window ledger from one config.
   *
   * @param registry Micrometer registry, or null for no metrics
   */
  public static WeChatApiClient create(Vertx vertx, Redis redis, Clock clock, WeChatApiConfig config,
      MeterRegistry registry) {
    WeChatHttpTransport http = new WeChatHttpTransport(vertx, config.baseUrl(), config.requestTimeout());
    AccessTokens tokens = new AccessTokens(vertx, redis, http, clock, config.tokens(), registry);
    WindowLedger ledger = new WindowLedger(redis, clock, config.window());
    return new WeChatApiClient(vertx, http, tokens, ledger, config.retry(), registry);
  }

  /** Closes the HTTP client. */
  public Future<Void> close() {
    return http.close();
  }

  public AccessTokens tokens() {
    return tokens;
  }

  /** The window ledger; call {@link WindowLedger#open} for every inbound message and event. */
  public WindowLedger ledger() {
    return ledger;
  }

  /** Sends as the account, using every message of the window. */
  public Future<Void> send(WeChatAccount account, String openId, OutboundMessage message) {
    return send(account, openId, message, SendOptions.DEFAULT);
  }

  /**
   * Sends one customer-service message. Fails with {@link WeChatApiException}: WINDOW_CLOSED_LOCAL
   * (refused before any request), WINDOW_CLOSED (45015; the local window is marked closed),
   * QUOTA_EXCEEDED (45047), TOKEN_INVALID (rejected twice), TRANSPORT, and the other kinds.
   */
  public Future<Void> send(WeChatAccount account, String openId, OutboundMessage message, SendOptions options) {
    JsonObject body;
    try {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(options, "options");
      body = message.toCustomSendJson(openId, options.kfAccount());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return ledger.reserve(account, openId, options.keepForAgent()).compose(grant ->
        RetryLoop.run(vertx, retry, false, "custom/send", () -> calls.post(account, "custom/send", SEND_PATH, body))
            .<Void>mapEmpty()
            .recover(failure -> ledger.settleFailedSend(grant, failure)));
  }

  /**
   * Shows ({@code true}) or cancels the "typing…" indicator. Uses no window quota. 45080 (no
   * interaction in the last 30 s), 45081 (already typing) and 45072 fail with TYPING_NOT_ALLOWED,
   * which callers may ignore.
   */
  public Future<Void> typing(WeChatAccount account, String openId, boolean typing) {
    if (openId == null || openId.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("openId must not be empty"));
    }
    JsonObject body = new JsonObject().put("touser", openId).put("command", typing ? "Typing" : "CancelTyping");
    return RetryLoop.run(vertx, retry, false, "custom/typing", () -> calls.post(account, "custom/typing", TYPING_PATH, body))
        .mapEmpty();
  }
}
