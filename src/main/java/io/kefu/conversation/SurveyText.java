package io.kefu.conversation;

/** What the customer reads when a conversation with an agent ends. */
public final class SurveyText {
  private SurveyText() {
  }

  /** The invitation to rate the service 1..5; {@link SurveyScore#parse(String)} reads the answer. */
  public static String invitation() {
    return "请为本次服务打分：\n5 非常满意\n4 满意\n3 一般\n2 不满意\n1 非常不满意\n直接回复数字即可";
  }
}
