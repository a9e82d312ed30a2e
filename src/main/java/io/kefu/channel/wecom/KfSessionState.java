package io.kefu.channel.wecom;

/**
 * A 微信客服 session's state as WeCom keeps it (protocol note §5.6.7).
 *
 * @param state    0 new, 1 the bot (Kefu) handles it, 2 queued for a WeCom servicer, 3 a WeCom servicer
 *                 handles it, 4 ended
 * @param servicer the servicer's userid in states 2/3, "" otherwise
 */
public record KfSessionState(int state, String servicer) {
  public static final int NEW = 0;
  public static final int BOT = 1;
  public static final int QUEUED = 2;
  public static final int SERVICER = 3;
  public static final int ENDED = 4;

  /** True while {@code kf/send_msg} may be used: the session is new or with the bot. */
  public boolean botMaySend() {
    return state == NEW || state == BOT || state == ENDED;
  }

  /** True while a WeCom servicer owns (or is about to own) the session: the bot stays quiet. */
  public boolean withWeComServicer() {
    return state == QUEUED || state == SERVICER;
  }
}
