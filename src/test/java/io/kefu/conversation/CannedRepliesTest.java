package io.kefu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CannedRepliesTest {
  private static final CannedReply REFUND_TIME = shared("r1", "退款多久到账", "退款审核通过后，原路退回一般1-3个工作日到账。");
  private static final CannedReply REFUND_TIME_EXACT = shared("r2", "退款", "请问您要办理哪个订单的退款？");
  private static final CannedReply REFUND_PROGRESS = shared("r3", "查询退款进度", "您可以在订单详情里查看退款进度。");
  private static final CannedReply SHIPPING = shared("r4", "发货时间", "现货商品48小时内发货，预售商品以页面为准。");
  private static final CannedReply INVOICE = shared("r5", "开具发票", "确认收货后可在订单详情申请电子发票，退款到账后发票作废。");
  private static final CannedReply ALICE_GREETING = own("a1", "alice", "问候", "您好，我是小艾，很高兴为您服务～");
  private static final CannedReply BOB_REFUND = own("b1", "bob", "退款安抚", "非常抱歉给您带来不便，退款我马上为您加急处理。");

  private final CannedReplies replies = new CannedReplies(
      List.of(REFUND_TIME, REFUND_TIME_EXACT, REFUND_PROGRESS, SHIPPING, INVOICE, ALICE_GREETING, BOB_REFUND));

  @Test
  void exactTitleBeatsTitleContainsBeatsBigramOverlap() {
    assertThat(replies.search("退款", "alice", 10)).extracting(CannedReply::id)
        .startsWith("r2")                          // exact title
        .containsSubsequence("r2", "r1", "r5")    // title contains before text-only overlap
        .contains("r3")
        .doesNotContain("b1", "r4");               // bob's own reply is not alice's; shipping shares nothing
  }

  @Test
  void chineseQueryFindsRepliesByBigramsWithoutASegmenter() {
    // no title contains "退款什么时候到账", but r1 shares 退款 and 到账, r3 only 退款
    assertThat(replies.search("退款什么时候到账", "alice", 3)).extracting(CannedReply::id)
        .containsExactly("r1", "r5", "r2");
  }

  @Test
  void fullWidthAndPunctuationDoNotMatter() {
    assertThat(replies.search("  发货时间？", null, 1)).containsExactly(SHIPPING);
    assertThat(replies.search("４８小时", null, 1)).containsExactly(SHIPPING);
  }

  @Test
  void agentSeesOwnAndSharedOnly() {
    assertThat(replies.search("退款", "bob", 10)).extracting(CannedReply::id).contains("b1");
    assertThat(replies.search("退款", null, 10)).extracting(CannedReply::id).doesNotContain("a1", "b1");
  }

  @Test
  void emptyQueryListsOwnRepliesFirstThenSharedInOrder() {
    assertThat(replies.search("", "alice", 3)).containsExactly(ALICE_GREETING, REFUND_TIME, REFUND_TIME_EXACT);
    assertThat(replies.search(null, "bob", 2)).containsExactly(BOB_REFUND, REFUND_TIME);
  }

  @Test
  void oneCharacterQueryMatchesByContainment() {
    assertThat(replies.search("票", "alice", 5)).containsExactly(INVOICE);
  }

  @Test
  void limitMustBePositive() {
    assertThatThrownBy(() -> replies.search("退款", "alice", 0)).hasMessage("limit must be at least 1, got 0");
  }

  @Test
  void shippedKnowledgeBaseBecomesSharedKbReplies() throws Exception {
    FaqCorpus kb = new FaqCorpusLoader().load(Path.of("kb"), null);
    FaqEntry orderCheck = kb.entry("order-check").orElseThrow();

    CannedReplies all = CannedReplies.of(List.of(ALICE_GREETING), kb);

    assertThat(all.size()).isEqualTo(kb.entries().size() + 1);
    CannedReply imported = CannedReply.fromFaq(orderCheck);
    assertThat(imported.id()).isEqualTo("kb:order-check");
    assertThat(imported.title()).isEqualTo(orderCheck.question());
    assertThat(imported.text()).isEqualTo(orderCheck.answer());
    assertThat(imported.tags()).isEqualTo(orderCheck.tags());
    assertThat(imported.source()).isEqualTo(CannedReply.Source.KB);
    assertThat(imported.shared()).isTrue();
    assertThat(all.search("怎么查看订单状态？", "alice", 1)).containsExactly(imported);
    assertThat(all.search("电子发票下载", "alice", 3)).extracting(CannedReply::id).contains("kb:invoice-where");
  }

  private static CannedReply shared(String id, String title, String text) {
    return new CannedReply(id, title, text, List.of(), CannedReply.Source.AGENT, null);
  }

  private static CannedReply own(String id, String owner, String title, String text) {
    return new CannedReply(id, title, text, List.of(), CannedReply.Source.AGENT, owner);
  }
}
