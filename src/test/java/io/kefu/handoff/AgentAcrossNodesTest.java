package io.kefu.handoff;

import static io.kefu.handoff.AgentClient.type;
import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.Role;
import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.app.WeChatCustomer;
import io.kefu.bot.KeywordResponder;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.conversation.Conversation;
import io.kefu.conversation.ConversationState;
import io.kefu.store.RedisKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An agent's console and two nodes: a console that moves to the other node within the grace keeps its chats;
 * one whose node dies without closing anything (killed with -9) is released by the node that stays, and its
 * chat goes back to the queue with its original deadline, to be assigned again.
 */
@ExtendWith(VertxExtension.class)
class AgentAcrossNodesTest {
  private static final String PASSWORD = "password-123";

  private final List<KefuServer> nodes = new ArrayList<>();
  private FakeWeChatApi fakeApi;
  private KefuConfig config;
  private String skill;

  @AfterEach
  void stop() throws Exception {
    for (KefuServer node : nodes) {
      await(node.close());
    }
    if (fakeApi != null) {
      await(fakeApi.close());
    }
  }

  private void start(Vertx vertx) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    skill = "an" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms")
            .put("disconnectGrace", "1500ms").put("socketLease", "900ms"));
    config = ConfigParser.parse(tree);
    for (int i = 0; i < 2; i++) {
      nodes.add(await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC(), new KeywordResponder())));
    }
  }

  private String agent() throws Exception {
    String id = "an" + UUID.randomUUID().toString().substring(0, 8);
    await(nodes.get(0).agents().directory().create(new AgentAccount(id, "客服" + id, Set.of(Role.AGENT), Set.of(skill),
        3, false), PASSWORD));
    return id;
  }

  /** A customer asks for a human on node {@code node}; completes with the conversation once an agent has it. */
  private void customerEscalatesOn(Vertx vertx, int node) throws Exception {
    WeChatAccount account = config.accounts().values().iterator().next();
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    new WeChatCustomer(WebClient.create(vertx), nodes.get(node).port(), account, new WeChatPeer(account))
        .says(openId, "人工");
  }

  private Conversation waitForState(String conversationId, ConversationState state) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    Conversation now = await(nodes.get(1).handoff().store().get(conversationId));
    while (now.state() != state && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(100);
      now = await(nodes.get(1).handoff().store().get(conversationId));
    }
    return now;
  }

  @Test
  void anAgentWhoseNodeDiesIsReleasedByTheOtherNodeAndTheChatIsRequeuedWithItsDeadline(Vertx vertx) throws Exception {
    start(vertx);
    String ghostId = agent();
    AgentClient ghost = AgentClient.login(vertx, nodes.get(0).port(), ghostId, PASSWORD);
    ghost.connect();                                         // the console sits on node A
    ghost.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    customerEscalatesOn(vertx, 1);
    String chatId = ghost.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(nodes.get(1).handoff().store().get(chatId)).deadline();

    nodes.get(0).sockets().halt();                           // node A dies: no heartbeat, no socket close handler
    Conversation requeued = waitForState(chatId, ConversationState.QUEUED);
    assertThat(requeued.state()).as("the ghost's chat went back to the queue").isEqualTo(ConversationState.QUEUED);
    assertThat(requeued.deadline()).as("with its original deadline").isEqualTo(deadline);
    assertThat(await(nodes.get(1).handoff().store().agent(ghostId)).presence().wire()).isEqualTo("offline");
    assertThat(await(nodes.get(1).handoff().store().agent(ghostId)).chats()).isEmpty();
    assertThat(await(nodes.get(1).redis().send(Request.cmd(Command.ZSCORE).arg(RedisKeys.socketNodes())
        .arg(nodes.get(0).sockets().nodeId())))).as("node A's lease is released").isNull();

    String otherId = agent();                                // and the router gives the chat to a live agent
    AgentClient other = AgentClient.login(vertx, nodes.get(1).port(), otherId, PASSWORD);
    other.connect();
    other.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    assertThat(other.next(type("chat.assigned", chatId)).getString("agent")).isEqualTo(otherId);
    assertThat(await(nodes.get(1).handoff().store().get(chatId)).deadline()).isEqualTo(deadline);
  }

  @Test
  void aConsoleThatMovesToTheOtherNodeWithinTheGraceKeepsItsChatAndOneAwayLongerRequeuesIt(Vertx vertx)
      throws Exception {
    start(vertx);
    String agentId = agent();
    AgentClient onA = AgentClient.login(vertx, nodes.get(0).port(), agentId, PASSWORD);
    onA.connect();
    onA.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    customerEscalatesOn(vertx, 0);
    String chatId = onA.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(nodes.get(0).handoff().store().get(chatId)).deadline();

    onA.disconnect();                                        // the connection to node A drops ...
    TimeUnit.MILLISECONDS.sleep(300);
    AgentClient onB = AgentClient.login(vertx, nodes.get(1).port(), agentId, PASSWORD);
    JsonObject sync = onB.connect();                         // ... and the console resyncs through node B
    assertThat(sync.getJsonArray("chats").stream().map(c -> ((JsonObject) c).getString("id"))).containsExactly(chatId);
    assertThat(sync.getJsonObject("me").getString("presence")).isEqualTo("online");
    TimeUnit.MILLISECONDS.sleep(2_500);                      // past node A's grace timer
    assertThat(await(nodes.get(0).handoff().store().get(chatId)).state()).as("kept across the move")
        .isEqualTo(ConversationState.ASSIGNED);

    onB.disconnect();                                        // away for longer than the grace
    Conversation now = waitForState(chatId, ConversationState.QUEUED);
    assertThat(now.state()).as("handed back after the grace").isEqualTo(ConversationState.QUEUED);
    assertThat(now.deadline()).as("the original deadline").isEqualTo(deadline);
    assertThat(await(nodes.get(0).handoff().store().agent(agentId)).presence().wire()).isEqualTo("offline");
  }

  @Test
  void anAgentWhoseGraceBeganOnANodeThatThenDiesGoesOfflineThroughTheOtherNode(Vertx vertx) throws Exception {
    start(vertx);
    String agentId = agent();
    AgentClient onA = AgentClient.login(vertx, nodes.get(0).port(), agentId, PASSWORD);
    onA.connect();
    onA.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    customerEscalatesOn(vertx, 1);
    String chatId = onA.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(nodes.get(0).handoff().store().get(chatId)).deadline();

    onA.disconnect();                                        // the console closes: the grace begins on node A ...
    TimeUnit.MILLISECONDS.sleep(200);
    nodes.get(0).sockets().halt();                           // ... and node A dies before it is over
    Conversation now = waitForState(chatId, ConversationState.QUEUED);
    assertThat(now.state()).as("node B ended the grace").isEqualTo(ConversationState.QUEUED);
    assertThat(now.deadline()).isEqualTo(deadline);
    assertThat(await(nodes.get(1).handoff().store().agent(agentId)).presence().wire()).isEqualTo("offline");
  }
}
