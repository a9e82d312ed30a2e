package io.kefu.channel.wechat;

import java.time.Duration;
import java.util.Objects;

/**
 * Quota and validity of the customer-service window per trigger. WeChat has changed these numbers
 * over the years, so they are configuration; {@link #defaults()} follows the current documentation.
 *
 * @param userMessage window opened by a user message
 * @param menuClick   window opened by a menu click
 * @param subscribe   window opened by a follow
 * @param scan        window opened by a QR scan
 * @param ttlSlack    how much longer than the window its Redis key lives
 */
public record WindowConfig(Rule userMessage, Rule menuClick, Rule subscribe, Rule scan, Duration ttlSlack) {

  /** How many messages a window allows and for how long. */
  public record Rule(int quota, Duration validity) {
    public Rule {
      if (quota < 1) {
        throw new IllegalArgumentException("window quota must be at least 1, got " + quota);
      }
      if (validity == null || validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("window validity must be positive, got " + validity);
      }
    }
  }

  public WindowConfig {
    Objects.requireNonNull(userMessage, "userMessage");
    Objects.requireNonNull(menuClick, "menuClick");
    Objects.requireNonNull(subscribe, "subscribe");
    Objects.requireNonNull(scan, "scan");
    if (ttlSlack == null || ttlSlack.isNegative()) {
      throw new IllegalArgumentException("ttlSlack must not be negative");
    }
  }

  /** 5 messages in 48 h after a user message; 3 messages in 1 minute after a click, follow or scan. */
  public static WindowConfig defaults() {
    Rule event = new Rule(3, Duration.ofMinutes(1));
    return new WindowConfig(new Rule(5, Duration.ofHours(48)), event, event, event, Duration.ofMinutes(10));
  }

  public Rule rule(WindowTrigger trigger) {
    return switch (trigger) {
      case USER_MESSAGE -> userMessage;
      case MENU_CLICK -> menuClick;
      case SUBSCRIBE -> subscribe;
      case SCAN -> scan;
    };
  }
}
