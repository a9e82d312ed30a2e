package io.kefu.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityGrouperTest {
  private final SimilarityGrouper grouper = new SimilarityGrouper();

  private static UnansweredEntry e(int n, String text) {
    return new UnansweredEntry(n + "-0", text, 1_000L * n, "c" + n);
  }

  @Test
  void similarPhrasingsGroupAndDifferentOnesDoNot() {
    List<UnansweredEntry> entries = List.of(
        e(1, "你们支持花呗分期吗"),
        e(2, "能用信用卡付款吗"),
        e(3, "支持花呗分期吗？"),
        e(4, "你们支持花呗分期吗"),
        e(5, "可以花呗分期吗"),
        e(6, "今天天气怎么样"));
    List<UnansweredGroup> groups = grouper.group(entries);
    assertThat(groups).hasSize(3);
    UnansweredGroup huabei = groups.get(0);
    assertThat(huabei.count()).isEqualTo(4);
    assertThat(huabei.text()).as("the most frequent text").isEqualTo("你们支持花呗分期吗");
    assertThat(huabei.lastSeenMs()).isEqualTo(5_000);
    assertThat(huabei.samples()).extracting(UnansweredEntry::id).containsExactly("5-0", "4-0", "3-0", "1-0");
    assertThat(huabei.entryIds()).containsExactlyInAnyOrder("1-0", "3-0", "4-0", "5-0");
    assertThat(groups.subList(1, 3)).extracting(UnansweredGroup::text)
        .as("singletons, newest first").containsExactly("今天天气怎么样", "能用信用卡付款吗");
  }

  @Test
  void groupIdsStayWhenNewerMessagesArrive() {
    List<UnansweredEntry> entries = new ArrayList<>(List.of(e(1, "发票怎么开"), e(2, "退款多久到账")));
    String id = grouper.group(entries).stream().filter(g -> g.text().equals("发票怎么开")).findFirst().orElseThrow().id();
    entries.add(e(3, "发票怎么开啊"));
    entries.add(e(4, "积分怎么用"));
    UnansweredGroup after = grouper.group(entries).stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    assertThat(after.count()).isEqualTo(2);
    List<UnansweredEntry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    assertThat(grouper.group(reversed)).as("input order does not matter")
        .isEqualTo(grouper.group(entries));
  }

  @Test
  void punctuationCaseAndWidthDoNotMatterButEmptyTextsAreSkipped() {
    assertThat(SimilarityGrouper.similarity("ＡＢＣ订单!!", "abc订单")).isEqualTo(1.0);
    assertThat(SimilarityGrouper.similarity("快递到哪了", "我的快递到哪了")).isGreaterThan(0.6);
    assertThat(SimilarityGrouper.similarity("快递到哪了", "怎么开发票")).isZero();
    assertThat(grouper.group(List.of(e(1, "？？？"), e(2, " ")))).isEmpty();
  }

  @Test
  void thousandsOfMessagesGroupWithoutComparingAllPairs() {
    List<UnansweredEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      entries.add(e(i, "问题" + (i % 500) + "号怎么处理" + (char) ('甲' + i % 7)));
    }
    List<UnansweredGroup> groups = grouper.group(entries);
    assertThat(groups.stream().mapToInt(UnansweredGroup::count).sum()).isEqualTo(5_000);
    assertThat(groups.size()).isBetween(1, 5_000);
  }
}
