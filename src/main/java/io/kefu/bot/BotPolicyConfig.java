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
 * @param overrideConfidence intent confidence above which a question that merely names a human (客服热线是多少)
 *                          is answered instead of handed over
 * @param missesBeforeHuman consecutive misses after which the bot hands over
 * @param memory           how long dialogue state (open clarification, pending slot) is kept
 * @param overloadConfidence   while agents are overloaded, the confidence at which a precise intent is answered
 *                             (instead of its normal threshold); the margin rule is unchanged
 * @param overloadMinPrecision golden-set precision an intent needs for {@code overloadConfidence}
 * @param overloadMinSamples   golden-set predictions of the intent needed before its precision is trusted
 */
public record BotPolicyConfig(double intentConfidence, double intentMargin, double faqScore, double faqMargin,
                              double overrideConfidence, int missesBeforeHuman, Duration memory,
                              double overloadConfidence, double overloadMinPrecision, int overloadMinSamples) {

  /** Tuned on the golden set and a list of vague or off-topic texts (see loadtest/RESULTS.md). */
  public static final BotPolicyConfig DEFAULT =
      new BotPolicyConfig(0.7, 0.2, 0.8, 0.03, 0.9, 2, Duration.ofMinutes(30), 0.45, 0.95, 3);

  public BotPolicyConfig {
    if (overloadConfidence < 0 || overloadConfidence > 1 || overloadMinPrecision < 0 || overloadMinPrecision > 1) {
      throw new IllegalArgumentException("overloadConfidence and overloadMinPrecision must be between 0 and 1");
    }
    if (overloadMinSamples < 1) {
      throw new IllegalArgumentException("overloadMinSamples must be at least 1, got " + overloadMinSamples);
    }
  }
}
