package io.kefu.channel.wechat;

import java.util.Arrays;
import java.util.Objects;

/**
 * A failed call to the WeChat Official Account API, or a send our own window ledger refused.
 * {@link #kind()} says what the caller can do about it; {@link #errcode()} and {@link #errmsg()}
 * carry WeChat's own answer (0 and empty when the failure is not an answer from WeChat).
 */
public final class WeChatApiException extends RuntimeException {

  /** What went wrong, grouped by what a caller can do about it. */
  public enum Kind {
    TOKEN_INVALID("access token invalid or expired", 40001, 40014, 42001),
    BAD_CREDENTIALS("AppID or AppSecret rejected", 40013, 40125, 41002, 41004),
    WINDOW_CLOSED("customer-service window closed or user unfollowed", 45015),
    QUOTA_EXCEEDED("message quota of the customer-service window exceeded", 45047),
    RATE_LIMITED("API call frequency limit reached", 45009),
    BAD_OPENID("invalid OpenID", 40003),
    NOT_AUTHORIZED("API not authorised for this account", 48001),
    IP_NOT_ALLOWED("server IP not in the account's IP allow-list", 40164),
    SYSTEM_BUSY("WeChat system busy", -1),
    TYPING_NOT_ALLOWED("typing indicator not allowed now", 45080, 45081, 45072),
    TRANSPORT("transport failure"),
    WINDOW_CLOSED_LOCAL("refused by the local window ledger"),
    TOKEN_UNAVAILABLE("no access token available"),
    UNKNOWN("unexpected WeChat error");

    private final String description;
    private final int[] errcodes;

    Kind(String description, int... errcodes) {
      this.description = description;
      this.errcodes = errcodes;
    }

    /** Short English description for agents and logs. */
    public String description() {
      return description;
    }

    /** The kind of a non-zero WeChat errcode; UNKNOWN for codes we do not map. */
    public static Kind ofErrcode(int errcode) {
      for (Kind kind : values()) {
        if (Arrays.stream(kind.errcodes).anyMatch(code -> code == errcode)) {
          return kind;
        }
      }
      return UNKNOWN;
    }
  }

  private final Kind kind;
  private final String api;
  private final int errcode;
  private final String errmsg;
  private final boolean mayHaveBeenDelivered;

  private WeChatApiException(Kind kind, String api, int errcode, String errmsg,
      boolean mayHaveBeenDelivered, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.api = api;
    this.errcode = errcode;
    this.errmsg = errmsg == null ? "" : errmsg;
    this.mayHaveBeenDelivered = mayHaveBeenDelivered;
  }

  /** WeChat answered {@code {"errcode":N,"errmsg":"…"}} with N != 0. */
  public static WeChatApiException fromErrcode(String api, int errcode, String errmsg) {
    Kind kind = Kind.ofErrcode(errcode);
    String message = "WeChat " + api + " failed: " + kind.description()
        + " (errcode " + errcode + (errmsg == null || errmsg.isEmpty() ? "" : ": " + errmsg) + ")";
    return new WeChatApiException(kind, api, errcode, errmsg, false, message, null);
  }

  /**
   * The HTTP exchange itself failed (connect failure, timeout, HTTP 5xx, unreadable body).
   *
   * @param mayHaveBeenDelivered false only when the request surely never left this node
   */
  public static WeChatApiException transport(String api, String detail, boolean mayHaveBeenDelivered,
      Throwable cause) {
    String message = "WeChat " + api + " failed: " + detail
        + (mayHaveBeenDelivered
            ? " (the request may have reached WeChat; not retried)"
            : " (the request did not reach WeChat)");
    return new WeChatApiException(Kind.TRANSPORT, api, 0, "", mayHaveBeenDelivered, message, cause);
  }

  /** Our own window ledger refused the send before any request; {@code reason} says why. */
  public static WeChatApiException windowClosedLocally(String reason) {
    return new WeChatApiException(Kind.WINDOW_CLOSED_LOCAL, "custom/send", 0, "", false, reason, null);
  }

  /** No usable access token could be obtained (e.g. another node's refresh did not finish). */
  public static WeChatApiException tokenUnavailable(String appId, String reason) {
    return new WeChatApiException(Kind.TOKEN_UNAVAILABLE, "token", 0, "", false,
        "no access token for " + appId + ": " + reason, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Which API failed, e.g. {@code custom/send}, {@code token}. */
  public String api() {
    return api;
  }

  /** WeChat's errcode; 0 when the failure is not an errcode answer. */
  public int errcode() {
    return errcode;
  }

  /** WeChat's errmsg; empty when the failure is not an errcode answer. */
  public String errmsg() {
    return errmsg;
  }

  /** True when a request may have reached WeChat although we saw no success (timeout, 5xx…). */
  public boolean mayHaveBeenDelivered() {
    return mayHaveBeenDelivered;
  }

  /** True when WeChat surely did not act on the request: it answered with an error, or never got it. */
  public boolean surelyNotDelivered() {
    return !mayHaveBeenDelivered;
  }
}
