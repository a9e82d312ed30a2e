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
import io.kefu.routing.OverflowRule;
import io.kefu.store.HandoffStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overflow pool rules over the real server and Redis: a chat of a group nobody of which is online goes to an agent
 * of its overflow group once it has waited the rule's time, and the assignment script refuses an outside agent
 * otherwise.
 */
@ExtendWith(VertxExtension.class)
class OverflowRoutingTest {
  private static final String PASSWORD = "password-123";

  private KefuServer server;
  private FakeWeChatApi fakeApi;
  private WeChatAccount account;
  private WeChatPeer peer;
  private WebClient web;
  private String presale;
  private String service;

  private void start(Vertx vertx, String after) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    presale = "p" + UUID.randomUUID().toString().substring(0, 8);
    service = "s" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", presale).put("dispatchInterval", "5m")
            .put("overflow", new JsonObject().put(presale, new JsonObject().put("to", service).put("after", after))));
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    web = WebClient.create(vertx);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), new KeywordResponder()));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      await(server.close());
    }
    if (fakeApi != null) {
      await(fakeApi.close());
    }
  }

  private String agent(String group) throws Exception {
    String id = "a" + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, "客服" + id, Set.of(Role.AGENT), Set.of(group), 3,
        false), PASSWORD));
    return id;
  }

  @Test
  void aWaitingChatGoesToTheOverflowGroupAfterTheRulesTimeAndItsAgentAnswers(Vertx vertx) throws Exception {
    start(vertx, "1s");
    String serviceId = agent(service);
    AgentClient agent = AgentClient.login(vertx, server.port(), serviceId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));

    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    new WeChatCustomer(web, server.port(), account, peer).says(openId, "转人工");

    // the routing round at the overflow moment is planned by the dispatcher itself (the safety net is 5 minutes)
    JsonObject assigned = agent.next(type("chat.assigned", null));
    String conversationId = assigned.getString("conversationId");
    assertThat(assigned.getString("how")).isEqualTo("overflow");
    assertThat(assigned.getString("skill")).as("the chat stays in its own group").isEqualTo(presale);
    Conversation c = await(server.handoff().store().get(conversationId));
    assertThat(c.assignedAt() - c.escalatedAt()).isGreaterThanOrEqualTo(1000);

    JsonObject sent = agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", "您好，售前同事忙，我来帮您。"));
    assertThat(sent.getBoolean("delivered")).isTrue();
    String metrics = await(web.get(server.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(metrics).containsPattern("kefu_overflows_total\\{skill=\"" + presale + "\",to=\"" + service
        + "\"} 1\\.0");
    assertThat(metrics).containsPattern("kefu_frt_seconds_count\\{skill=\"" + presale + "\"} 1\\b");
    agent.disconnect();
  }

  @Test
  void theAssignmentScriptLetsAnOutsideAgentInOnlyThroughADueOverflowRule(Vertx vertx) throws Exception {
    start(vertx, "1h");
    String serviceId = agent(service);
    AgentClient agent = AgentClient.login(vertx, server.port(), serviceId, PASSWORD);
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    new WeChatCustomer(web, server.port(), account, peer).says(openId, "转人工");
    HandoffStore store = server.handoff().store();
    String conversationId = await(store.queued(presale, 10)).get(0).id();

    assertThat(await(store.assign(conversationId, presale, serviceId, HandoffStore.AssignMode.AUTO)).outcome())
        .isEqualTo("skill_mismatch");
    assertThat(await(store.assign(conversationId, presale, serviceId, HandoffStore.AssignMode.AUTO,
        new OverflowRule(presale, service, Duration.ofHours(1)))).outcome())
        .as("a node planning with a rule that is not due yet is refused").isEqualTo("skill_mismatch");
    assertThat(await(store.assign(conversationId, presale, serviceId, HandoffStore.AssignMode.AUTO,
        new OverflowRule(presale, "other", Duration.ZERO))).outcome())
        .as("the agent is not in the rule's group").isEqualTo("skill_mismatch");
    assertThat(await(store.assign(conversationId, presale, serviceId, HandoffStore.AssignMode.AUTO,
        new OverflowRule(presale, service, Duration.ZERO))).ok()).isTrue();
  }
}
