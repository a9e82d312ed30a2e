package io.kefu.routing;

import java.time.Duration;
import java.util.Objects;

/** What a queued customer is told about the wait (Simplified Chinese). Minutes are rounded up. */
public final class WaitNotice {

  static final String NO_AGENT_ONLINE = "目前暂无在线客服，我们会尽快安排客服为您服务。";

  private WaitNotice() {
  }

  /** Sent when the chat joins the queue. */
  public static String queued(WaitEstimate e) {
    Objects.requireNonNull(e, "estimate");
    if (!e.known()) {
      return NO_AGENT_ONLINE;
    }
    if (e.expectedWait().isZero()) {
      return "已为您转接人工客服，马上为您接入，请稍候。";
    }
    return "已为您转接人工客服，" + ahead(e) + "，预计等待" + waitPhrase(e.expectedWait()) + "，请稍候。";
  }

  /** Answer to "how long do I still have to wait?". */
  public static String position(WaitEstimate e) {
    Objects.requireNonNull(e, "estimate");
    String place = "您当前排在第 " + e.position() + " 位";
    if (!e.known()) {
      return place + "。" + NO_AGENT_ONLINE;
    }
    if (e.expectedWait().isZero()) {
      return place + "，客服马上为您接入，请稍候。";
    }
    String ahead = e.ahead() > 0 ? "，前面还有 " + e.ahead() + " 位顾客" : "";
    return place + ahead + "，预计还需等待" + waitPhrase(e.expectedWait()) + "，请耐心等候。";
  }

  /**
   * Offers to leave a message instead of waiting; a left message becomes a ticket, which the next free agent takes
   * before live chats. {@code expectedWait} may be null when no agent is online.
   */
  public static String leaveMessageOffer(Duration expectedWait) {
    String howTo = "可回复「留言」加上您的问题（例如：留言 订单三天了还没发货），";
    if (expectedWait == null) {
      return "目前暂无在线客服。您" + howTo + "客服上线后会优先处理您的留言。";
    }
    return "当前咨询人数较多，预计需要等待" + waitPhrase(expectedWait) + "。如您不便等待，" + howTo
        + "下一位空闲的客服会优先处理您的留言。";
  }

  /** "约 M 分钟", or "1 分钟以内" / "1 小时以上" at the ends. */
  static String waitPhrase(Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    if (wait.compareTo(Duration.ofMinutes(1)) <= 0) {
      return " 1 分钟以内";
    }
    if (wait.compareTo(Duration.ofHours(1)) > 0) {
      return " 1 小时以上";
    }
    long minutes = wait.toMinutes();
    if (!wait.equals(Duration.ofMinutes(minutes))) {
      minutes++;
    }
    return "约 " + minutes + " 分钟";
  }

  private static String ahead(WaitEstimate e) {
    return e.ahead() > 0 ? "您前面还有 " + e.ahead() + " 位顾客" : "您是下一位";
  }
}
