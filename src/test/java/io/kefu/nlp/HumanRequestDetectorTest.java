package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanRequestDetectorTest {
  private final HumanRequestDetector detector = new HumanRequestDetector();
  private final TextNormalizer normalizer = new TextNormalizer();

  private HumanRequestDetector.Signals detect(String raw) {
    TextNormalizer.Normalized n = normalizer.analyse(raw);
    return detector.detect(n.text(), n.emojiSentiment());
  }

  @ParameterizedTest
  @ValueSource(strings = {"转人工", "我要人工客服", "找真人聊", "人工！！", "你们客服电话多少", "叫你们经理出来"})
  void explicitHumanRequests(String text) {
    assertThat(detect(text).humanRequested()).isTrue();
    assertThat(detect(text).shouldEscalate()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"我想退货", "不用转人工了，谢谢", "快递到哪了"})
  void notHumanRequests(String text) {
    assertThat(detect(text).humanRequested()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"我要投诉你们", "打12315举报", "给你差评", "你们就是骗子", "什么垃圾东西"})
  void complaints(String text) {
    assertThat(detect(text).complaint()).isTrue();
  }

  @Test
  void sentimentOrdersMessages() {
    double angry = detect("气死了！！什么玩意，太差了[发怒]").sentiment();
    double neutral = detect("什么时候发货").sentiment();
    double happy = detect("收到了，很满意，谢谢[微笑]").sentiment();
    assertThat(angry).isLessThan(neutral);
    assertThat(neutral).isLessThan(happy);
    assertThat(detect("气死了！！什么玩意，太差了[发怒]").strongNegative()).isTrue();
    assertThat(detect("什么时候发货").shouldEscalate()).isFalse();
    assertThat(detect("不满意").sentiment()).isNegative();
  }
}
