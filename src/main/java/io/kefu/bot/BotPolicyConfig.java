package io.kefu.bot;

import java.time.Duration;

/**
 * Thresholds of the bot's decisions.
 *
 * @param intentConfidence default calibrated confidence an intent needs to be answered (an intent's own
 *                         {@code threshold} in the corpus overrides it)
 * @param intentMargin     how far ahead of the runner-up the top intent must be
 * @param faqScore         FAQ score needed to answer from the knowledge base
 * @param faqMargin        FAQ score margin over the runner-up
 * @param missesBeforeHuman consecutive misses after which the bot hands over
 * @param memory           how long dialogue state (open clarification, pending slot) is kept
 */
public record BotPolicyConfig(double intentConfidence, double intentMargin, double faqScore, double faqMargin,
                              int missesBeforeHuman, Duration memory) {

  public static final BotPolicyConfig DEFAULT = new BotPolicyConfig(0.6, 0.1, 0.55, 0.05, 2, Duration.ofMinutes(30));
}
