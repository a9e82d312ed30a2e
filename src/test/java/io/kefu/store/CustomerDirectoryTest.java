package io.kefu.store;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.conversation.ConversationSummary;
import io.kefu.conversation.CustomerProfile;
import io.kefu.conversation.CustomerSchema;
import io.kefu.conversation.InvalidProfileException;
import io.kefu.conversation.ProfilePatch;
import io.kefu.conversation.TranscriptEntry.Author;
import io.kefu.conversation.TranscriptEntry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CustomerDirectoryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String accountA = "acct-a-" + run;
  private final String accountB = "acct-b-" + run;
  private Redis redis;
  private CustomerDirectory directory;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    directory = new CustomerDirectory(redis, Clock.fixed(NOW, ZoneOffset.UTC), CustomerSchema.DEFAULT);
  }

  @Test
  void unknownCustomerGetsADefaultProfile() throws Exception {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    CustomerProfile profile = await(directory.get(id));
    assertThat(profile).isEqualTo(CustomerProfile.fresh(CustomerProfile.parseId(id), CustomerSchema.DEFAULT));
    assertThat(profile.openId()).isEqualTo("o-" + run);
  }

  @Test
  void malformedIdFailsInsteadOfReturningNull() {
    assertThat(failure(directory.get("no-colons"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel:account:openId");
  }

  @Test
  void touchLinksTheSameUnionIdAcrossTwoAccounts() throws Exception {
    String unionId = "u-" + run;
    CustomerProfile onA = await(directory.touch("wechat", accountA, "oA-" + run, unionId));
    CustomerProfile onB = await(directory.touch("wechat", accountB, "oB-" + run, unionId));
    CustomerProfile loner = await(directory.touch("wechat", accountB, "oC-" + run, null));

    assertThat(onA.unionId()).isEqualTo(unionId);
    assertThat(onB.unionId()).isEqualTo(unionId);
    assertThat(await(directory.linkedCustomers(onA.customerId())))
        .containsExactly(onA.customerId(), onB.customerId());
    assertThat(await(directory.linkedCustomers(onB.customerId())))
        .containsExactly(onB.customerId(), onA.customerId());
    assertThat(await(directory.linkedCustomers(loner.customerId()))).containsExactly(loner.customerId());
  }

  @Test
  void touchWithoutUnionIdKeepsTheLinkAndANewUnionIdMovesIt() throws Exception {
    String first = "u1-" + run;
    String second = "u2-" + run;
    CustomerProfile other = await(directory.touch("wechat", accountB, "oB-" + run, first));
    String id = await(directory.touch("wechat", accountA, "oA-" + run, first)).customerId();

    assertThat(await(directory.touch("wechat", accountA, "oA-" + run, null)).unionId()).isEqualTo(first);
    assertThat(await(directory.touch("wechat", accountA, "oA-" + run, second)).unionId()).isEqualTo(second);
    assertThat(await(directory.linkedCustomers(other.customerId()))).containsExactly(other.customerId());
    assertThat(await(directory.linkedCustomers(id))).containsExactly(id);
  }

  @Test
  void touchKeepsWhatAgentsWrote() throws Exception {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    await(directory.update(id, ProfilePatch.empty().withTier("gold").withNote("只收顺丰"), "agent-7"));
    CustomerProfile touched = await(directory.touch("wechat", accountA, "o-" + run, "u-" + run));
    assertThat(touched.tier()).isEqualTo("gold");
    assertThat(touched.note()).isEqualTo("只收顺丰");
    assertThat(touched.unionId()).isEqualTo("u-" + run);
  }

  @Test
  void updateStoresThePatchWithWhoAndWhen() throws Exception {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    CustomerProfile updated = await(directory.update(id, new ProfilePatch("小王", "silver", true, "active",
        Map.of("性别", "女", "地区", "杭州"), "喜欢简短回复"), "agent-1"));

    assertThat(updated.nickname()).isEqualTo("小王");
    assertThat(updated.tier()).isEqualTo("silver");
    assertThat(updated.vip()).isTrue();
    assertThat(updated.stage()).isEqualTo("active");
    assertThat(updated.tags()).containsExactly(Map.entry("性别", "女"), Map.entry("地区", "杭州"));
    assertThat(updated.note()).isEqualTo("喜欢简短回复");
    assertThat(updated.updatedAt()).isEqualTo(NOW.toEpochMilli());
    assertThat(updated.updatedBy()).isEqualTo("agent-1");
    assertThat(await(directory.get(id))).isEqualTo(updated);
  }

  @Test
  void patchWithEmptyOrNullTagValueRemovesOnlyThoseTags() throws Exception {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    await(directory.update(id, ProfilePatch.empty().withTags(Map.of("性别", "男", "地区", "上海", "偏好品类", "数码")),
        "agent-1"));
    Map<String, String> removal = new HashMap<>();
    removal.put("地区", "");
    removal.put("偏好品类", null);
    CustomerProfile after = await(directory.update(id, ProfilePatch.empty().withTags(removal).withVip(false),
        "agent-2"));

    assertThat(after.tags()).containsExactly(Map.entry("性别", "男"));
    assertThat(after.updatedBy()).isEqualTo("agent-2");
  }

  @Test
  void invalidPatchFailsNamingEveryFieldAndStoresNothing() throws Exception {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    Throwable failure = failure(directory.update(id,
        ProfilePatch.empty().withTier("diamond").withStage("asleep").withTags(Map.of("血型", "A")), "agent-1"));

    assertThat(failure).isInstanceOf(InvalidProfileException.class).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tier: 'diamond'").hasMessageContaining("stage: 'asleep'")
        .hasMessageContaining("tags.血型: unknown tag dimension");
    assertThat(((InvalidProfileException) failure).problems()).hasSize(3);
    assertThat(await(directory.get(id)).tier()).isEqualTo("normal");
  }

  @Test
  void historyListsConversationsOfAllLinkedCustomersNewestFirst() throws Exception {
    String unionId = "u-" + run;
    String onA = await(directory.touch("wechat", accountA, "oA-" + run, unionId)).customerId();
    String onB = await(directory.touch("wechat", accountB, "oB-" + run, unionId)).customerId();
    String stranger = await(directory.touch("wechat", accountA, "oX-" + run, null)).customerId();
    String oldest = conversation(accountA, "CLOSED", 1_000, List.of(
        entry(Author.CUSTOMER, "我要退款", 1_000), entry(Author.AGENT, "好的，已为您提交退款申请", 1_100)));
    String middle = conversation(accountB, "CLOSED", 2_000, List.of(
        entry(Author.CUSTOMER, "发票怎么开", 2_000), entry(Author.BOT, "请在订单详情申请电子发票", 2_050)));
    String newest = conversation(accountA, "ASSIGNED", 3_000, List.of(entry(Author.CUSTOMER, "退款到账了吗", 3_000)));
    String strangers = conversation(accountA, "BOT", 4_000, List.of(entry(Author.CUSTOMER, "退款", 4_000)));
    await(directory.linkConversation(onA, oldest, 1_000));
    await(directory.linkConversation(onB, middle, 2_000));
    await(directory.linkConversation(onA, newest, 3_000));
    await(directory.linkConversation(onA, newest, 9_000)); // linking again keeps the first time
    await(directory.linkConversation(stranger, strangers, 4_000));

    List<ConversationSummary> history = await(directory.history(onB, null, 10));

    assertThat(history).extracting(ConversationSummary::conversationId).containsExactly(newest, middle, oldest);
    ConversationSummary first = history.get(0);
    assertThat(first.account()).isEqualTo(accountA);
    assertThat(first.channel()).isEqualTo("wechat");
    assertThat(first.state()).isEqualTo("ASSIGNED");
    assertThat(first.createdAt()).isEqualTo(3_000);
    assertThat(first.updatedAt()).isEqualTo(3_000 + 60_000);
    assertThat(first.messages()).isEqualTo(1);
    assertThat(first.lastText()).isEqualTo("退款到账了吗");
    assertThat(first.matches()).isEmpty();
    assertThat(history.get(2).messages()).isEqualTo(2);
    assertThat(history.get(2).lastText()).isEqualTo("好的，已为您提交退款申请");
    assertThat(await(directory.history(onA, "", 2))).extracting(ConversationSummary::conversationId)
        .containsExactly(newest, middle);
  }

  @Test
  void historyWithAQueryKeepsMatchingConversationsAndTheirMatchingEntries() throws Exception {
    String unionId = "u-" + run;
    String onA = await(directory.touch("wechat", accountA, "oA-" + run, unionId)).customerId();
    String onB = await(directory.touch("wechat", accountB, "oB-" + run, unionId)).customerId();
    String refund = conversation(accountA, "CLOSED", 1_000, List.of(
        entry(Author.CUSTOMER, "订单ＥＸ１２３要退款", 1_000), entry(Author.AGENT, "请稍等", 1_100),
        entry(Author.AGENT, "ex123 的退款已提交", 1_200)));
    String invoice = conversation(accountB, "CLOSED", 2_000, List.of(entry(Author.CUSTOMER, "发票怎么开", 2_000)));
    String laterRefund = conversation(accountB, "CLOSED", 3_000, List.of(entry(Author.CUSTOMER, "Ex123 还没到账", 3_000)));
    await(directory.linkConversation(onA, refund, 1_000));
    await(directory.linkConversation(onB, invoice, 2_000));
    await(directory.linkConversation(onB, laterRefund, 3_000));

    List<ConversationSummary> found = await(directory.history(onA, "eX123", 10));

    assertThat(found).extracting(ConversationSummary::conversationId).containsExactly(laterRefund, refund);
    assertThat(found.get(1).matches()).extracting(TranscriptEntry::text)
        .containsExactly("订单ＥＸ１２３要退款", "ex123 的退款已提交");
    assertThat(found.get(1).messages()).isEqualTo(3);
    assertThat(found.get(1).lastText()).isEqualTo("ex123 的退款已提交");
    assertThat(await(directory.history(onA, "eX123", 1))).extracting(ConversationSummary::conversationId)
        .containsExactly(laterRefund);
    assertThat(await(directory.history(onA, "没有这句话", 10))).isEmpty();
  }

  @Test
  void historyLimitMustBeSensible() {
    String id = CustomerProfile.customerId("wechat", accountA, "o-" + run);
    assertThat(failure(directory.history(id, null, 0))).hasMessage("limit must be 1..200, got 0");
  }

  /** Writes a conversation hash and its transcript the way the inbound path does. */
  private String conversation(String account, String state, long createdAt, List<TranscriptEntry> entries)
      throws Exception {
    String id = "t-" + UUID.randomUUID();
    await(redis.send(Request.cmd(Command.HSET).arg(RedisKeys.conversation(id)).arg("id").arg(id)
        .arg("channel").arg("wechat").arg("account").arg(account).arg("user").arg("o-" + run)
        .arg("state").arg(state).arg("createdAt").arg(createdAt).arg("updatedAt").arg(createdAt + 60_000)));
    for (TranscriptEntry entry : entries) {
      Request xadd = Request.cmd(Command.XADD).arg(RedisKeys.transcript(id)).arg("*");
      entry.toFields().forEach(xadd::arg);
      await(redis.send(xadd));
    }
    return id;
  }

  private static TranscriptEntry entry(Author author, String text, long at) {
    return new TranscriptEntry(author, "text", text, "", at, Map.of());
  }
}
