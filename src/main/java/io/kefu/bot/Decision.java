package io.kefu.bot;

import java.util.List;

/** What the bot does with a turn. */
public sealed interface Decision {

  /** Answer with this text; {@code source} says where it came from (intent, FAQ id, rule) for reports. */
  record Answer(String text, String source) implements Decision {
  }

  /** Ask the customer to choose; {@code options} are numbered 1, 2, 3 in the message. */
  record Clarify(String prompt, List<String> options) implements Decision {
  }

  /** Hand over to a human; {@code notice} tells the customer. */
  record Escalate(String reason, String notice) implements Decision {
  }

  /** Say nothing (e.g. unfollow, unknown events). */
  record Silence(String reason) implements Decision {
  }

  /** The text the customer sees, or null for {@link Silence}. */
  public static String customerText(Decision decision) {
    if (decision instanceof Answer a) {
      return a.text();
    }
    if (decision instanceof Escalate e) {
      return e.notice();
    }
    if (decision instanceof Clarify c) {
      StringBuilder text = new StringBuilder(c.prompt());
      for (int i = 0; i < c.options().size(); i++) {
        text.append('\n').append(i + 1).append(". ").append(c.options().get(i));
      }
      return text.toString();
    }
    return null;
  }

}
