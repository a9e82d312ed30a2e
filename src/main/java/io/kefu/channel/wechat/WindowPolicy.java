package io.kefu.channel.wechat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The arithmetic of customer-service windows: what a trigger opens, how a stored window reads at a
 * given instant, and the English reason when a send is refused. Pure; the atomic Redis side lives
 * in {@link WindowLedger} and its Lua scripts.
 */
public final class WindowPolicy {

  /** Why the ledger refused a reservation. */
  public enum Refusal {
    /** No window recorded (never opened, or its key expired). */
    NONE,
    /** The window's validity ended. */
    EXPIRED,
    /** WeChat answered 45015 for this window. */
    CLOSED_BY_WECHAT,
    /** All messages of the window are used (or kept for an agent). */
    QUOTA_USED
  }

  /**
   * What a trigger opens at an instant.
   *
   * @param renews true when it always replaces the current window (a user message); an event
   *               window only replaces a window that is closed, used up or ends earlier
   * @param keyTtl how long the Redis key should live
   */
  public record Opening(WindowTrigger trigger, int quota, Instant openedAt, Instant expiresAt,
      boolean renews, Duration keyTtl) {
  }

  private final WindowConfig config;

  public WindowPolicy(WindowConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public WindowConfig config() {
    return config;
  }

  public Opening opening(WindowTrigger trigger, Instant now) {
    WindowConfig.Rule rule = config.rule(trigger);
    return new Opening(trigger, rule.quota(), now, now.plus(rule.validity()),
        trigger == WindowTrigger.USER_MESSAGE, rule.validity().plus(config.ttlSlack()));
  }

  /** Reads a stored window hash (fields id, trigger, opened, expires, quota, used, closed). */
  public WindowStatus status(Map<String, String> fields, Instant now) {
    if (fields == null || fields.get("expires") == null) {
      return WindowStatus.none();
    }
    Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(fields.get("expires")));
    String opened = fields.get("opened");
    String trigger = fields.get("trigger");
    boolean closed = "1".equals(fields.get("closed"));
    return new WindowStatus(
        !closed && expiresAt.isAfter(now),
        trigger == null ? null : WindowTrigger.valueOf(trigger),
        parseInt(fields.get("quota")),
        parseInt(fields.get("used")),
        opened == null ? null : Instant.ofEpochMilli(Long.parseLong(opened)),
        expiresAt,
        closed);
  }

  /**
   * The reason shown to agents and logs, e.g. "customer-service window closed: last user message
   * 49h ago" or "message quota used: 5 of 5 in this window".
   */
  public String describe(Refusal refusal, WindowStatus window, int keepForAgent, Instant now) {
    return switch (refusal) {
      case NONE -> "customer-service window closed: no recent message or event from the user";
      case EXPIRED -> "customer-service window closed: last "
          + (window.trigger() == null ? "interaction" : window.trigger().description()) + " "
          + (window.openedAt() == null ? "too long" : ago(Duration.between(window.openedAt(), now)))
          + " ago";
      case CLOSED_BY_WECHAT -> "customer-service window closed: WeChat refused a send with 45015"
          + " (window over or user unfollowed)";
      case QUOTA_USED -> "message quota used: " + window.used() + " of " + window.quota()
          + " in this window" + (keepForAgent > 0 ? ", " + keepForAgent + " kept for a human agent" : "");
    };
  }

  /** "49h", "3 min" or "20 s": the coarsest unit that is at least one. */
  static String ago(Duration elapsed) {
    if (elapsed.toHours() >= 1) {
      return elapsed.toHours() + "h";
    }
    if (elapsed.toMinutes() >= 1) {
      return elapsed.toMinutes() + " min";
    }
    return Math.max(0, elapsed.toSeconds()) + " s";
  }

  private static int parseInt(String value) {
    return value == null ? 0 : Integer.parseInt(value);
  }
}
