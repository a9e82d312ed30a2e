package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.nlp.IntentPrecision.Measured;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntentPrecisionTest {

  @Test
  void precisionCountsEachPredictedIntentAgainstTheGoldLabel() {
    GoldenSet golden = new GoldenSet(0.5, List.of(
        new GoldenSet.Case("取消订单", "cancel"),
        new GoldenSet.Case("不要了", "cancel"),
        new GoldenSet.Case("退款呢", "refund"),
        new GoldenSet.Case("钱退了吗", "refund"),
        new GoldenSet.Case("。。。", "refund")));
    Map<String, Optional<String>> classifier = Map.of(
        "取消订单", Optional.of("cancel"),
        "不要了", Optional.of("refund"),      // a cancel case predicted as refund: refund's precision drops
        "退款呢", Optional.of("refund"),
        "钱退了吗", Optional.of("refund"),
        "。。。", Optional.empty());          // no prediction: counts for no intent

    IntentPrecision p = IntentPrecision.measure(golden, classifier::get);

    assertThat(p.byIntent()).containsExactly(
        Map.entry("cancel", new Measured(1, 1)),
        Map.entry("refund", new Measured(3, 2)));
    assertThat(p.of("refund").orElseThrow().precision()).isEqualTo(2 / 3.0);
    assertThat(p.of("shipping")).isEmpty();
  }

  @Test
  void atLeastNeedsBothThePrecisionAndTheSamples() {
    IntentPrecision p = new IntentPrecision(Map.of("a", new Measured(3, 3), "b", new Measured(20, 19),
        "c", new Measured(20, 18)));
    assertThat(p.atLeast("a", 0.95, 3)).isTrue();
    assertThat(p.atLeast("a", 0.95, 4)).as("too few samples").isFalse();
    assertThat(p.atLeast("b", 0.95, 3)).as("exactly 0.95").isTrue();
    assertThat(p.atLeast("c", 0.95, 3)).as("0.90").isFalse();
    assertThat(p.atLeast("never-predicted", 0.0, 1)).isFalse();
    assertThat(IntentPrecision.NONE.atLeast("a", 0.0, 1)).isFalse();
  }

  @Test
  void impossibleCountsAreRefused() {
    assertThatThrownBy(() -> new Measured(2, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3/2");
    assertThatThrownBy(() -> new Measured(2, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
