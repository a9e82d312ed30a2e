package io.kefu.store;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.conversation.Conversation;
import io.kefu.conversation.ConversationState;
import io.kefu.routing.Presence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lua compare-and-set steps of the hand-off against a real Redis. */
class HandoffStoreTest {
  private Vertx vertx;
  private Redis redis;
  private HandoffStore store;
  private String skill;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.url()).setMaxPoolSize(16)
        .setMaxPoolWaiting(1000));
    store = new HandoffStore(redis, Clock.systemUTC(), Duration.ofMinutes(15));
    skill = "s" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private String conversation() throws Exception {
    String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    await(redis.send(Request.cmd(Command.HSET).arg(RedisKeys.conversation(id)).arg("id").arg(id).arg("channel")
        .arg("wechat").arg("account").arg("acc").arg("user").arg("o" + id).arg("state").arg("BOT")));
    return id;
  }

  private String agent(int maxChats, String groups) throws Exception {
    String id = "a" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    await(redis.send(Request.cmd(Command.HSET).arg(RedisKeys.agent(id)).arg("maxChats").arg(maxChats)
        .arg("groups").arg(groups)));
    await(store.setPresence(id, Presence.ONLINE));
    return id;
  }

  @Test
  void enqueueKeepsDeadlineOrderAndReportsPosition() throws Exception {
    Instant now = Instant.now();
    String late = conversation();
    String early = conversation();
    assertThat(await(store.enqueue(late, skill, now.plusSeconds(300), false, "normal", "human")).position()).isEqualTo(1);
    HandoffStore.Enqueued second = await(store.enqueue(early, skill, now.plusSeconds(120), true, "gold", "human"));
    assertThat(second.queued()).isTrue();
    assertThat(second.position()).as("a VIP with an earlier deadline goes ahead").isEqualTo(1);
    assertThat(await(store.enqueue(early, skill, now.plusSeconds(999), true, "gold", "again")).status())
        .as("escalating a queued conversation again changes nothing").isEqualTo("already");
    assertThat(await(store.queued(skill, 10))).extracting(Conversation::id).containsExactly(early, late);
    assertThat(await(store.get(early)).deadline()).isEqualTo(now.plusSeconds(120).toEpochMilli());
  }

  @Test
  void assignRefusesFullOfflineAndWrongSkillAgents() throws Exception {
    String a = agent(1, skill);
    String other = agent(3, "elsewhere");
    String c1 = conversation();
    String c2 = conversation();
    await(store.enqueue(c1, skill, Instant.now().plusSeconds(300), false, "", "r"));
    await(store.enqueue(c2, skill, Instant.now().plusSeconds(300), false, "", "r"));

    assertThat(await(store.assign(c1, skill, other, HandoffStore.AssignMode.AUTO)).outcome()).isEqualTo("skill_mismatch");
    assertThat(await(store.assign(c1, skill, a, HandoffStore.AssignMode.AUTO)).ok()).isTrue();
    assertThat(await(store.assign(c1, skill, a, HandoffStore.AssignMode.AUTO)).outcome()).isEqualTo("not_queued");
    assertThat(await(store.assign(c2, skill, a, HandoffStore.AssignMode.AUTO)).outcome()).isEqualTo("agent_full");

    await(store.setPresence(other, Presence.AWAY));
    assertThat(await(store.assign(c2, skill, other, HandoffStore.AssignMode.PULL)).outcome()).isEqualTo("agent_not_online");
    assertThat(await(store.assign(c2, skill, other, HandoffStore.AssignMode.FORCE)).ok())
        .as("a supervisor may force a chat on an agent outside the group").isTrue();

    Conversation assigned = await(store.get(c1));
    assertThat(assigned.state()).isEqualTo(ConversationState.ASSIGNED);
    assertThat(assigned.agent()).isEqualTo(a);
    assertThat(await(store.agent(a)).chats()).containsExactly(c1);
  }

  @Test
  void requeueKeepsTheOriginalDeadlineAndExcludesTheAgent() throws Exception {
    String a = agent(3, skill);
    String c = conversation();
    Instant deadline = Instant.now().plusSeconds(300);
    await(store.enqueue(c, skill, deadline, false, "", "r"));
    await(store.assign(c, skill, a, HandoffStore.AssignMode.AUTO));

    HandoffStore.Requeued requeued = await(store.requeue(await(store.get(c)), true, null, null));
    assertThat(requeued.ok()).isTrue();
    assertThat(requeued.previousAgent()).isEqualTo(a);
    Conversation back = await(store.get(c));
    assertThat(back.state()).isEqualTo(ConversationState.QUEUED);
    assertThat(back.deadline()).isEqualTo(deadline.toEpochMilli());
    assertThat(back.excluded()).containsExactly(a);
    assertThat(await(store.agent(a)).chats()).isEmpty();
    assertThat(await(store.assign(c, skill, a, HandoffStore.AssignMode.AUTO)).outcome())
        .as("the router must not hand it straight back").isEqualTo("excluded");
    assertThat(await(store.assign(c, skill, a, HandoffStore.AssignMode.PULL)).ok())
        .as("but the agent may still take it deliberately").isTrue();
  }

  @Test
  void staleRequeueAndCloseAreRefused() throws Exception {
    String a = agent(3, skill);
    String b = agent(3, skill);
    String c = conversation();
    await(store.enqueue(c, skill, Instant.now().plusSeconds(300), false, "", "r"));
    await(store.assign(c, skill, a, HandoffStore.AssignMode.AUTO));
    Conversation seenByA = await(store.get(c));
    await(store.requeue(seenByA, false, null, null));
    await(store.assign(c, skill, b, HandoffStore.AssignMode.AUTO));

    assertThat(await(store.requeue(seenByA, false, null, null)).outcome()).isEqualTo("moved");
    assertThat(await(store.close(seenByA, a)).outcome()).isEqualTo("moved");
    HandoffStore.Closed closed = await(store.close(await(store.get(c)), b));
    assertThat(closed.ok()).isTrue();
    assertThat(closed.agent()).isEqualTo(b);
    assertThat(await(store.agent(b)).chats()).isEmpty();
    assertThat(await(store.get(c)).state()).isEqualTo(ConversationState.CLOSED);
  }

  @Test
  void concurrentAssignmentsNeverDoubleAssignOrOverfillAnAgent() throws Exception {
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      agents.add(agent(3, skill));
    }
    List<String> chats = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String c = conversation();
      chats.add(c);
      await(store.enqueue(c, skill, Instant.now().plusSeconds(300 + i), false, "", "r"));
    }
    // every chat offered to every agent at once: only the script decides
    List<Future<HandoffStore.Assigned>> attempts = new ArrayList<>();
    for (String c : chats) {
      for (String a : agents) {
        attempts.add(store.assign(c, skill, a, HandoffStore.AssignMode.AUTO));
      }
    }
    await(Future.join(new ArrayList<>(attempts)));
    long ok = attempts.stream().filter(f -> f.result().ok()).count();
    assertThat(ok).as("12 slots in total").isEqualTo(12);
    Set<String> seen = new HashSet<>();
    for (String a : agents) {
      Set<String> mine = await(store.agent(a)).chats();
      assertThat(mine).hasSize(3);
      for (String c : mine) {
        assertThat(seen.add(c)).as("conversation %s given to two agents", c).isTrue();
        assertThat(await(store.get(c)).agent()).isEqualTo(a);
      }
    }
    assertThat(await(store.queued(skill, 100))).hasSize(18);
  }
}
