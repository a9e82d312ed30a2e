package io.kefu.handoff;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.Role;
import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.bot.KeywordResponder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.Conversation;
import io.kefu.conversation.ConversationState;
import io.kefu.routing.Presence;
import io.kefu.store.HandoffStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two Kefu nodes on one Redis route the same queue at once: no chat goes to two agents, no agent over capacity. */
@ExtendWith(VertxExtension.class)
class TwoNodesRoutingTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private static final int AGENTS = 5;
  private static final int CAPACITY = 3;
  private static final int CUSTOMERS = 40;

  private final List<KefuServer> nodes = new ArrayList<>();
  private FakeWeChatApi fakeApi;

  @AfterEach
  void stop() throws Exception {
    for (KefuServer node : nodes) {
      await(node.close());
    }
    if (fakeApi != null) {
      await(fakeApi.close());
    }
  }

  @Test
  void concurrentEscalationsOnTwoNodesNeverDoubleAssign(Vertx vertx) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    String skill = "two" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "100ms"));
    KefuConfig config = ConfigParser.parse(tree);
    for (int i = 0; i < 2; i++) {
      nodes.add(await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC(), new KeywordResponder())));
    }
    HandoffStore store = nodes.get(0).handoff().store();
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String id = "two" + UUID.randomUUID().toString().substring(0, 8);
      await(nodes.get(0).agents().directory().create(new AgentAccount(id, "客服" + i, Set.of(Role.AGENT),
          Set.of(skill), CAPACITY, false), "password-123"));
      await(store.setPresence(id, Presence.ONLINE));
      agents.add(id);
    }

    WeChatAccount account = config.accounts().values().iterator().next();
    WeChatPeer peer = new WeChatPeer(account);
    WebClient web = WebClient.create(vertx);
    List<Future<HttpResponse<Buffer>>> pushes = new ArrayList<>();
    long now = System.currentTimeMillis() / 1000;
    for (int i = 0; i < CUSTOMERS; i++) {
      String openId = "o" + UUID.randomUUID().toString().replace("-", "");
      WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, "人工", MSG_IDS.incrementAndGet()),
          openId, WeChatAccount.MessageMode.SAFE, now);
      int port = nodes.get(i % 2).port();
      pushes.add(web.request(HttpMethod.POST, port, "127.0.0.1", "/wechat/" + account.id() + "?" + push.query())
          .sendBuffer(Buffer.buffer(push.body())));
      // both nodes also plan rounds of their own while the escalations arrive
      nodes.get(0).handoff().dispatcher().kick();
      nodes.get(1).handoff().dispatcher().kick();
    }
    await(Future.all(new ArrayList<>(pushes)));
    for (int round = 0; round < 5; round++) {
      await(Future.join(nodes.get(0).handoff().dispatcher().round(), nodes.get(1).handoff().dispatcher().round()));
    }

    Map<String, String> owner = new HashMap<>();
    for (String agent : agents) {
      Set<String> chats = await(store.agent(agent)).chats();
      assertThat(chats).as("chats of %s", agent).hasSize(CAPACITY);
      for (String c : chats) {
        String previous = owner.put(c, agent);
        assertThat(previous).as("conversation %s given to %s and %s", c, previous, agent).isNull();
        Conversation conversation = await(store.get(c));
        assertThat(conversation.state()).isEqualTo(ConversationState.ASSIGNED);
        assertThat(conversation.agent()).isEqualTo(agent);
      }
    }
    List<Conversation> queued = await(store.queued(skill, 100));
    assertThat(queued).hasSize(CUSTOMERS - AGENTS * CAPACITY);
    assertThat(queued).allMatch(c -> c.state() == ConversationState.QUEUED && !owner.containsKey(c.id()));
  }

  @Test
  void chatEscalatedOnOneNodeReachesAnAgentConnectedToTheOther(Vertx vertx) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    String skill = "xn" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill));
    KefuConfig config = ConfigParser.parse(tree);
    for (int i = 0; i < 2; i++) {
      nodes.add(await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC(), new KeywordResponder())));
    }
    String agentId = "xn" + UUID.randomUUID().toString().substring(0, 8);
    await(nodes.get(0).agents().directory().create(new AgentAccount(agentId, "客服", Set.of(Role.AGENT),
        Set.of(skill), 3, false), "password-123"));
    AgentClient agent = AgentClient.login(vertx, nodes.get(1).port(), agentId, "password-123");
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));

    WeChatAccount account = config.accounts().values().iterator().next();
    WeChatPeer peer = new WeChatPeer(account);
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, "人工", MSG_IDS.incrementAndGet()),
        openId, WeChatAccount.MessageMode.SAFE, now);
    long sent = System.nanoTime();
    await(WebClient.create(vertx).request(HttpMethod.POST, nodes.get(0).port(), "127.0.0.1",
        "/wechat/" + account.id() + "?" + push.query()).sendBuffer(Buffer.buffer(push.body())));
    JsonObject assigned = agent.next(AgentClient.type("chat.assigned", null));
    long elapsedMs = (System.nanoTime() - sent) / 1_000_000;
    assertThat(assigned.getJsonObject("conversation").getString("customer")).isEqualTo(openId);
    // the issue asks for "within a second"; timing is reported here, not asserted (no timed unit tests)
    System.out.println("escalated on node A, assignment heard by the agent on node B after " + elapsedMs + " ms");
  }
}
