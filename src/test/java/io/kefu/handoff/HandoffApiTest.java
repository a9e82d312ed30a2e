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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent API around a chat: profiles drive routing, history, canned replies, typing, audit and reports. */
@ExtendWith(VertxExtension.class)
class HandoffApiTest {
  private static final String PASSWORD = "password-123";

  private KefuServer server;
  private FakeWeChatApi fakeApi;
  private WeChatAccount account;
  private WeChatPeer peer;
  private WebClient web;
  private String skill;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    skill = "api" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms")
            .put("sla", new JsonObject().put("standard", "300s").put("vip", "120s")));
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    web = WebClient.create(vertx);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), new KeywordResponder()));
  }

  @AfterEach
  void stop() throws Exception {
    await(server.close());
    await(fakeApi.close());
  }

  private String agent(Role role) throws Exception {
    String id = role.name().toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, "客服" + id, Set.of(role), Set.of(skill), 3,
        false), PASSWORD));
    return id;
  }

  private void customerSays(String openId, String text) throws Exception {
    new WeChatCustomer(web, server.port(), account, peer).says(openId, text);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void goldTierCustomerGetsTheVipDeadlineAndAgentsSeeProfileAndHistory(Vertx vertx) throws Exception {
    AgentClient agent = AgentClient.login(vertx, server.port(), agent(Role.AGENT), PASSWORD);
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    String customerId = "wechat:" + account.id() + ":" + openId;
    customerSays(openId, "你好");
    JsonObject edited = agent.ok(HttpMethod.PUT, "/api/customers/" + enc(customerId),
        new JsonObject().put("tier", "gold").put("nickname", "王女士").put("tags", new JsonObject().put("地区", "上海")));
    assertThat(edited.getString("tier")).isEqualTo("gold");
    assertThat(agent.call(HttpMethod.PUT, "/api/customers/" + enc(customerId), new JsonObject().put("tier", "diamond"))
        .statusCode()).as("tiers are validated against the schema").isEqualTo(400);
    assertThat(agent.call(HttpMethod.PUT, "/api/customers/" + enc(customerId), new JsonObject().put("age", 3))
        .statusCode()).isEqualTo(400);

    long before = System.currentTimeMillis();
    customerSays(openId, "人工");
    String conversationId = await(server.handoff().store().queued(skill, 10)).get(0).id();
    Conversation queued = await(server.handoff().store().get(conversationId));
    assertThat(queued.vip()).isTrue();
    assertThat(queued.deadline() - before).as("gold is a VIP tier: 120 s SLA").isBetween(119_000L, 125_000L);

    JsonArray history = agent.ok(HttpMethod.GET, "/api/customers/" + enc(customerId) + "/history?q=" + enc("人工"), null)
        .getJsonArray("conversations");
    assertThat(history).hasSize(1);
    assertThat(history.getJsonObject(0).getString("conversationId")).isEqualTo(conversationId);
  }

  @Test
  void agentOfAnotherGroupNeitherSeesNorTakesTheChat(Vertx vertx) throws Exception {
    String outsiderId = "outsider" + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(outsiderId, "客服" + outsiderId, Set.of(Role.AGENT),
        Set.of("other" + skill), 3, false), PASSWORD));
    AgentClient outsider = AgentClient.login(vertx, server.port(), outsiderId, PASSWORD);
    AgentClient member = AgentClient.login(vertx, server.port(), agent(Role.AGENT), PASSWORD);
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    customerSays(openId, "人工");
    String conversationId = await(server.handoff().store().queued(skill, 10)).get(0).id();

    assertThat(member.ok(HttpMethod.GET, "/api/queue", null).getJsonArray("queue").stream()
        .map(o -> ((JsonObject) o).getString("id"))).contains(conversationId);
    assertThat(outsider.ok(HttpMethod.GET, "/api/queue", null).getJsonArray("queue").stream()
        .map(o -> ((JsonObject) o).getString("id"))).doesNotContain(conversationId);
    assertThat(outsider.call(HttpMethod.GET, "/api/chats/" + conversationId, null).statusCode()).isEqualTo(403);
    assertThat(outsider.call(HttpMethod.POST, "/api/chats/" + conversationId + "/accept", null).statusCode())
        .isEqualTo(403);
    assertThat(await(server.handoff().store().get(conversationId)).agent()).isEmpty();
  }

  @Test
  void cannedRepliesComeFromTheKnowledgeBaseAndFromAgents(Vertx vertx) throws Exception {
    String agentId = agent(Role.AGENT);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    JsonArray kb = agent.ok(HttpMethod.GET, "/api/canned?q=" + enc("退货"), null).getJsonArray("replies");
    assertThat(kb).isNotEmpty();
    assertThat(kb.getJsonObject(0).getString("source")).isEqualTo("kb");

    JsonObject mine = agent.ok(HttpMethod.POST, "/api/canned", new JsonObject().put("title", "催发货专用话术")
        .put("text", "亲，已帮您催促仓库尽快发货，请耐心等待。"));
    JsonArray found = agent.ok(HttpMethod.GET, "/api/canned?q=" + enc("催发货专用话术"), null).getJsonArray("replies");
    assertThat(found.getJsonObject(0).getString("id")).isEqualTo(mine.getString("id"));
    AgentClient other = AgentClient.login(vertx, server.port(), agent(Role.AGENT), PASSWORD);
    assertThat(other.call(HttpMethod.DELETE, "/api/canned/" + mine.getString("id"), null).statusCode()).isEqualTo(403);
    assertThat(agent.call(HttpMethod.POST, "/api/canned", new JsonObject().put("title", "").put("text", "x"))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void typingNotesAuditAndSurveyReportReachTheirTargets(Vertx vertx) throws Exception {
    String agentId = agent(Role.AGENT);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    customerSays(openId, "人工");
    String conversationId = agent.next(type("chat.assigned", null)).getString("conversationId");

    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/typing", new JsonObject().put("typing", true));
    assertThat(fakeApi.requests(FakeWeChatApi.TYPING)).anyMatch(r -> openId.equals(r.body().getString("touser"))
        && "Typing".equals(r.body().getString("command")));
    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/notes", new JsonObject().put("text", "客户情绪激动，注意安抚"));
    assertThat(fakeApi.requests(FakeWeChatApi.SEND)).noneMatch(r -> r.body().encode().contains("注意安抚"));
    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages", new JsonObject().put("text", "您好"));
    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/close", null);
    customerSays(openId, "4");

    AgentClient supervisor = AgentClient.login(vertx, server.port(), agent(Role.SUPERVISOR), PASSWORD);
    JsonArray audit = supervisor.ok(HttpMethod.GET, "/api/audit?actor=" + agentId, null).getJsonArray("entries");
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")))
        .contains("chat.close", "agent.presence");
    JsonObject report = supervisor.ok(HttpMethod.GET, "/api/surveys/report?from=" + (System.currentTimeMillis() - 60_000),
        null);
    assertThat(report.getJsonObject("perAgent").getJsonObject(agentId).getDouble("average")).isEqualTo(4.0);
  }

  @Test
  void transferToANamedAgentAndSupervisorForceAssign(Vertx vertx) throws Exception {
    String firstId = agent(Role.AGENT);
    String secondId = agent(Role.AGENT);
    AgentClient first = AgentClient.login(vertx, server.port(), firstId, PASSWORD);
    AgentClient second = AgentClient.login(vertx, server.port(), secondId, PASSWORD);
    first.connect();
    second.connect();
    first.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    customerSays("o" + UUID.randomUUID().toString().replace("-", ""), "人工");
    String conversationId = first.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(server.handoff().store().get(conversationId)).deadline();

    assertThat(second.call(HttpMethod.POST, "/api/chats/" + conversationId + "/transfer",
        new JsonObject().put("group", "x")).statusCode()).as("only its agent may transfer it").isEqualTo(403);
    first.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/transfer", new JsonObject().put("agent", secondId));
    Conversation waiting = await(server.handoff().store().get(conversationId));
    assertThat(waiting.preferredAgent()).isEqualTo(secondId);
    assertThat(waiting.deadline()).isEqualTo(deadline);
    second.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    second.next(e -> type("chat.assigned", conversationId).test(e) && secondId.equals(e.getString("agent")));

    AgentClient supervisor = AgentClient.login(vertx, server.port(), agent(Role.SUPERVISOR), PASSWORD);
    JsonObject forced = supervisor.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/assign",
        new JsonObject().put("agent", firstId));
    assertThat(forced.getJsonObject("conversation").getString("agent")).isEqualTo(firstId);
    assertThat(await(server.handoff().store().agent(secondId)).chats()).isEmpty();
    assertThat(await(server.handoff().store().agent(firstId)).chats()).containsExactly(conversationId);
  }
}
