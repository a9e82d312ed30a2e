package io.kefu.nlp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Rules that decide, on normalised text, whether the user asks for a human agent, is complaining, and how
 * negative the message sounds. Stateless and thread-safe.
 */
public final class HumanRequestDetector {

  /** What the rules found. {@code sentiment} is in [-1, 1]; {@code strongNegative} when it is at most -0.6. */
  public record Signals(boolean humanRequested, boolean complaint, double sentiment) {
    public boolean strongNegative() {
      return sentiment <= -0.6;
    }

    /** True when the conversation should go to a person whatever the intent. */
    public boolean shouldEscalate() {
      return humanRequested || complaint || strongNegative();
    }
  }

  private static final Pattern HUMAN = Pattern.compile(
      "转人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|真人|活人|人工|客服电话|客服热线|人工电话|找客服|"
          + "叫(你们)?(经理|主管|领导)|(你们)?(经理|主管|领导)(呢|在哪|出来)|找(你们)?(经理|主管|领导)|不要机器人|别用机器人|"
          + "是不是机器人|你是机器人");
  private static final Pattern NEGATED_HUMAN = Pattern.compile("(不用|不要|不需要|无需|别|没必要)(转)?(人工|真人)");
  private static final Pattern COMPLAINT = Pattern.compile(
      "投诉|12315|差评|骗子|骗人|欺诈|诈骗|垃圾|举报|消协|消费者协会|工商局|市场监管|维权|坑人|坑爹|黑店|退一赔三|曝光|律师|起诉|报警");
  private static final List<String> NEGATIVE_WORDS = List.of(
      "生气", "气死", "太差", "很差", "真差", "失望", "恶心", "无语", "烂", "什么玩意", "坑", "滚", "妈的", "tm", "tmd",
      "他妈", "靠", "忍无可忍", "受不了", "太慢", "不满意", "不满", "糟糕", "过分", "离谱", "态度差", "服务差", "欺骗",
      "再也不买", "破", "坑人", "垃圾", "骗子", "投诉", "差评", "怎么回事", "搞什么", "到底", "退钱", "还钱");
  private static final List<String> POSITIVE_WORDS = List.of(
      "谢谢", "感谢", "多谢", "满意", "好评", "不错", "赞", "给力", "喜欢", "棒", "辛苦", "好的", "没问题", "太好了");
  private static final Pattern NEGATION_BEFORE_POSITIVE = Pattern.compile("不(太)?(满意|喜欢|错)");

  public Signals detect(String normalizedText, int emojiSentiment) {
    boolean human = HUMAN.matcher(normalizedText).find() && !NEGATED_HUMAN.matcher(normalizedText).find();
    boolean complaint = COMPLAINT.matcher(normalizedText).find();
    return new Signals(human, complaint, sentiment(normalizedText, emojiSentiment));
  }

  public Signals detect(String normalizedText) {
    return detect(normalizedText, 0);
  }

  /** Lexicon score squashed into [-1, 1]. */
  static double sentiment(String text, int emojiSentiment) {
    double score = 0.6 * emojiSentiment;
    for (String w : NEGATIVE_WORDS) {
      if (text.contains(w)) {
        score -= 0.7;
      }
    }
    String withoutNegatedPositives = NEGATION_BEFORE_POSITIVE.matcher(text).replaceAll("");
    for (String w : POSITIVE_WORDS) {
      if (withoutNegatedPositives.contains(w)) {
        score += 0.6;
      }
    }
    long exclamations = text.chars().filter(c -> c == '!').count();
    if (score < 0 && exclamations > 0) {
      score -= 0.3;
    }
    return Math.tanh(score);
  }
}
