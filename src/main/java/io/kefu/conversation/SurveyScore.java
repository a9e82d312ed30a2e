package io.kefu.conversation;

import java.text.Normalizer;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a customer's answer to the satisfaction survey ({@link SurveyText#invitation()}) as a score 1..5. */
public final class SurveyScore {
  private static final Pattern DIGIT = Pattern.compile("([1-5])[分星]?");
  private static final Map<String, Integer> WORDS = Map.of(
      "非常满意", 5, "满意", 4, "一般", 3, "不满意", 2, "非常不满意", 1);
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** Punctuation customers add around the answer ("5。", "满意！"). */
  private static final Pattern PADDING = Pattern.compile("^\\p{P}+|\\p{P}+$");

  private SurveyScore() {
  }

  /**
   * The score of an answer such as {@code 5}, {@code ５}, {@code 5分}, {@code 5星} or {@code 满意}; empty for
   * anything else (the customer wrote about something else).
   */
  public static OptionalInt parse(String customerText) {
    if (customerText == null) {
      return OptionalInt.empty();
    }
    String text = SPACES.matcher(Normalizer.normalize(customerText, Normalizer.Form.NFKC)).replaceAll("");
    text = PADDING.matcher(text).replaceAll("");
    Matcher digit = DIGIT.matcher(text);
    if (digit.matches()) {
      return OptionalInt.of(digit.group(1).charAt(0) - '0');
    }
    Integer word = WORDS.get(text);
    return word == null ? OptionalInt.empty() : OptionalInt.of(word);
  }
}
