package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private final TextNormalizer normalizer = new TextNormalizer();

  @Test
  void fullWidthBecomesHalfWidthAndLowerCase() {
    assertThat(normalizer.normalize("ＡＢＣ１２３，Ｈｅｌｌｏ")).isEqualTo("abc123,hello");
  }

  @Test
  void removesWeChatBracketAndSlashEmojiKeepingSentiment() {
    TextNormalizer.Normalized n = normalizer.analyse("好的[微笑]谢谢/::)");
    assertThat(n.text()).isEqualTo("好的谢谢");
    assertThat(n.emojiSentiment()).isPositive();

    TextNormalizer.Normalized angry = normalizer.analyse("[发怒][发怒]还没到/::@");
    assertThat(angry.text()).isEqualTo("还没到");
    assertThat(angry.emojiSentiment()).isNegative();
  }

  @Test
  void collapsesRepeatedPunctuation() {
    assertThat(normalizer.normalize("怎么还没发货？？？！！！")).isEqualTo("怎么还没发货?");
    assertThat(normalizer.normalize("好吧。。。。")).isEqualTo("好吧。");
    assertThat(normalizer.normalize("价格 1.5 元")).isEqualTo("价格 1.5 元");
  }

  @Test
  void squeezesWhitespaceAndJoinsSpacedChinese() {
    assertThat(normalizer.normalize("  我 想   退货 \n\t")).isEqualTo("我想退货");
    assertThat(normalizer.normalize("iphone  15   pro 有货吗")).isEqualTo("iphone 15 pro 有货吗");
  }

  @Test
  void emptyAndNullAreEmpty() {
    assertThat(normalizer.normalize("")).isEmpty();
    assertThat(normalizer.normalize(null)).isEmpty();
    assertThat(normalizer.normalize("[微笑]")).isEmpty();
  }

  @Test
  void keepsOrdinaryBracketsWithLongContent() {
    assertThat(normalizer.normalize("[这个不是表情代码]")).isEqualTo("[这个不是表情代码]");
  }
}
