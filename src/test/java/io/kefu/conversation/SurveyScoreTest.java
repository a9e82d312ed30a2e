package io.kefu.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SurveyScoreTest {

  @ParameterizedTest(name = "''{0}'' scores {1}")
  @CsvSource({
      "1, 1", "2, 2", "3, 3", "4, 4", "5, 5",
      "１, 1", "３, 3", "５, 5",
      "5分, 5", "4星, 4", "５分, 5", "1星, 1",
      "' 5 ', 5", "5。, 5", "5 分, 5", "满意！, 4",
      "非常满意, 5", "满意, 4", "一般, 3", "不满意, 2", "非常不满意, 1"})
  void answersOfTheInvitationAreScored(String answer, int score) {
    assertThat(SurveyScore.parse(answer)).hasValue(score);
  }

  @ParameterizedTest(name = "''{0}'' is not a score")
  @ValueSource(strings = {"0", "6", "10", "55", "5.5", "五", "很满意", "满意吧", "我还有问题", "5分满意", "分", "-"})
  void anythingElseIsNoScore(String answer) {
    assertThat(SurveyScore.parse(answer)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void nothingIsNoScore(String answer) {
    assertThat(SurveyScore.parse(answer)).isEqualTo(OptionalInt.empty());
  }

  @Test
  void invitationListsTheFiveScoresAndSaysHowToAnswer() {
    assertThat(SurveyText.invitation()).isEqualTo(
        "请为本次服务打分：\n5 非常满意\n4 满意\n3 一般\n2 不满意\n1 非常不满意\n直接回复数字即可");
    for (String line : SurveyText.invitation().split("\n")) {
      if (line.matches("[1-5] .*")) {
        String[] parts = line.split(" ");
        assertThat(SurveyScore.parse(parts[1])).as("the word of line '%s'", line)
            .hasValue(Integer.parseInt(parts[0]));
      }
    }
  }
}
