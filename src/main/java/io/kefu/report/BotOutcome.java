package io.kefu.report;

import io.kefu.bot.Decision;

/** How the bot dealt with a customer turn, for the reports and the unanswered-questions list. */
public enum BotOutcome {
  /** answered from an intent, an FAQ entry, a slot question or the keyword table */
  ANSWERED,
  /** could not answer: asked to clarify, the fallback text, or escalated because it missed again */
  MISSED,
  /** handed over for another reason (asked for a human, complaint, an escalating intent) */
  ESCALATED,
  /** nothing to report (silence, welcome, media, queue notices) */
  OTHER;

  public static BotOutcome of(Decision decision) {
    if (decision instanceof Decision.Clarify) {
      return MISSED;
    }
    if (decision instanceof Decision.Escalate e) {
      return e.reason().startsWith("missed") ? MISSED : ESCALATED;
    }
    if (decision instanceof Decision.Answer a) {
      String source = a.source();
      if (source.equals("fallback")) {
        return MISSED;
      }
      if (source.startsWith("intent:") || source.startsWith("faq:") || source.startsWith("slot:")
          || source.startsWith("keyword:")) {
        return ANSWERED;
      }
    }
    return OTHER;
  }
}
