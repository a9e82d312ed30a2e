package io.kefu.store;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.conversation.CannedReplies;
import io.kefu.conversation.CannedReply.Source;
import io.kefu.conversation.CannedReply;
import io.kefu.kb.FaqCorpusLoader;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CannedReplyStoreTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String alice = "alice-" + run;
  private final String bob = "bob-" + run;
  private Redis redis;
  private CannedReplyStore store;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    store = new CannedReplyStore(redis);
  }

  @AfterEach
  void removeThisRunsReplies() throws Exception {
    // the hash is shared by every test run: remove only what this run wrote
    for (CannedReply reply : await(store.list())) {
      if (reply.id().contains(run) || alice.equals(reply.owner()) || bob.equals(reply.owner())) {
        await(redis.send(Request.cmd(Command.HDEL).arg(RedisKeys.cannedReplies()).arg(reply.id())));
      }
    }
  }

  @Test
  void createdRepliesAreListedWithTrimmedTextAndAGeneratedId() throws Exception {
    CannedReply created = await(store.create(new CannedReply(null, "  催发货 ", "已为您催促仓库尽快发货。\n",
        List.of("发货"), Source.AGENT, alice)));

    assertThat(created.id()).startsWith("c-");
    assertThat(created.title()).isEqualTo("催发货");
    assertThat(created.text()).isEqualTo("已为您催促仓库尽快发货。");
    assertThat(await(store.list())).contains(created);
  }

  @Test
  void createRejectsBadTitleAndTextNamingThem() {
    Throwable failure = failure(store.create(new CannedReply("x-" + run, "标".repeat(41), "   ", List.of(),
        Source.AGENT, alice)));
    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title: must be 1..40 characters, got 41")
        .hasMessageContaining("text: must be 1..600 characters, got 0");
    assertThat(failure(store.create(new CannedReply("y-" + run, "标题", "文".repeat(601), List.of(), Source.AGENT,
        null)))).hasMessageContaining("text: must be 1..600 characters, got 601");
  }

  @Test
  void createRefusesKbRepliesAndTakenIds() throws Exception {
    assertThat(failure(store.create(new CannedReply("kb:" + run, "标题", "内容", List.of(), Source.KB, null))))
        .hasMessageContaining("source: only agent replies are stored")
        .hasMessageContaining("must not start with 'kb:'");
    await(store.create(new CannedReply("dup-" + run, "标题", "内容", List.of(), Source.AGENT, alice)));
    assertThat(failure(store.create(new CannedReply("dup-" + run, "别的", "别的", List.of(), Source.AGENT, bob))))
        .hasMessage("id: canned reply 'dup-" + run + "' exists");
  }

  @Test
  void ownerMayDeleteTheirReplyButNotSomeoneElses() throws Exception {
    CannedReply alices = await(store.create(new CannedReply(null, "问候", "您好！", List.of(), Source.AGENT, alice)));

    assertThat(failure(store.delete(alices.id(), bob, false))).isInstanceOf(CannedReplyStore.NotOwnerException.class)
        .hasMessageContaining("belongs to another agent");
    assertThat(await(store.list())).contains(alices);
    assertThat(await(store.delete(alices.id(), alice, false))).isTrue();
    assertThat(await(store.list())).doesNotContain(alices);
    assertThat(await(store.delete(alices.id(), alice, false))).isFalse();
  }

  @Test
  void onlyASupervisorDeletesSharedOrOthersReplies() throws Exception {
    CannedReply shared = await(store.create(new CannedReply(null, "营业时间", "客服在线时间 9:00-21:00。", List.of(),
        Source.AGENT, null)));
    CannedReply bobs = await(store.create(new CannedReply(null, "道歉", "非常抱歉。", List.of(), Source.AGENT, bob)));

    assertThat(failure(store.delete(shared.id(), alice, false))).hasMessageContaining("only a supervisor");
    assertThat(await(store.delete(shared.id(), "supervisor-" + run, true))).isTrue();
    assertThat(await(store.delete(bobs.id(), "supervisor-" + run, true))).isTrue();
  }

  @Test
  void searchableCombinesStoredRepliesWithTheKnowledgeBase() throws Exception {
    CannedReply alices = await(store.create(new CannedReply(null, "发票补开说明", "补开发票请提供订单号。", List.of(),
        Source.AGENT, alice)));
    CannedReplies replies = await(store.searchable(new FaqCorpusLoader().load(Path.of("kb"), null)));

    assertThat(replies.search("发票补开说明", alice, 1)).containsExactly(alices);
    assertThat(replies.search("发票补开说明", bob, 5)).isNotEmpty().doesNotContain(alices)
        .allSatisfy(reply -> assertThat(reply.visibleTo(bob)).as("%s visible to bob", reply.id()).isTrue());
    assertThat(replies.search("发票", bob, 30)).extracting(CannedReply::id).contains("kb:invoice-how");
  }
}
