package io.kefu.conversation;

/** Where a conversation is in its life: {@code BOT → QUEUED → ASSIGNED → CLOSED}, reopened per policy. */
public enum ConversationState {
  BOT, QUEUED, ASSIGNED, CLOSED;

  /** Parses a stored state; an empty or unknown value means the bot has it. */
  public static ConversationState parse(String stored) {
    if (stored == null || stored.isEmpty()) {
      return BOT;
    }
    try {
      return valueOf(stored);
    } catch (IllegalArgumentException e) {
      return BOT;
    }
  }

  /** True while a human owns or is about to own the conversation: the bot stays out of it. */
  public boolean withHumans() {
    return this == QUEUED || this == ASSIGNED;
  }
}
