package io.kefu.channel.wechat;

/** What opened a customer-service window: the user wrote, or an event that grants a short window. */
public enum WindowTrigger {
  /** The user sent a message: the long window (default 5 messages in 48 h), renewed by every message. */
  USER_MESSAGE("user message"),
  /** A menu click of the click/scancode push types. */
  MENU_CLICK("menu click"),
  /** The user followed the account. */
  SUBSCRIBE("follow"),
  /** The user scanned a parametric QR code. */
  SCAN("QR scan");

  private final String description;

  WindowTrigger(String description) {
    this.description = description;
  }

  /** English name for messages, e.g. "user message". */
  public String description() {
    return description;
  }
}
