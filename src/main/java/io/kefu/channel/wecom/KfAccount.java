package io.kefu.channel.wecom;

/**
 * A 微信客服 account as configured in {@code wecom.kf.<id>}.
 *
 * @param id        Kefu's name for it (the conversation account of its customers)
 * @param openKfId  WeCom's {@code open_kfid} ({@code wk…})
 * @param app       the self-built app whose callback receives this account's events (its CorpID is the corp's)
 * @param secret    secret whose token calls the kf API (the app's secret unless configured)
 * @param handoff   who takes over when the bot escalates
 * @param servicer  with {@link Handoff#WECOM}: the WeCom userid to transfer to, or null for WeCom's queue
 */
public record KfAccount(String id, String openKfId, WeComApp app, String secret, Handoff handoff, String servicer) {
  /** The conversation channel of 微信客服 customers. */
  public static final String CHANNEL = "wecom-kf";

  /** Where an escalated 微信客服 session goes. */
  public enum Handoff {
    /** Kefu's own console agents answer; their messages go out through {@code kf/send_msg}. */
    KEFU,
    /** The session is transferred with {@code service_state/trans} to a WeCom servicer; the bot stops. */
    WECOM
  }

  public WeComCredentials credentials() {
    return new WeComCredentials(app.corpId(), secret);
  }

  /** The window ledger's account id for this account's customers. */
  public String windowAccount() {
    return CHANNEL + ":" + id;
  }

  @Override
  public String toString() {
    return "KfAccount[" + id + ", " + openKfId + ", handoff " + handoff + "]";
  }
}
