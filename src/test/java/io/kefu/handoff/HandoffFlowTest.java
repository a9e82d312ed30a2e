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
import io.kefu.conversation.TranscriptEntry;
import io.kefu.store.InboundJournal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The human path over the real server, Redis and the fake WeChat API: a customer asks for a human, the router
 * gives the chat to an online agent, the agent answers over the API and the customer gets it through
 * custom/send; closing sends the survey and the customer's score is recorded.
 */
@ExtendWith(VertxExtension.class)
class HandoffFlowTest {
  private static final String PASSWORD = "password-123";

  private KefuServer server;
  private FakeWeChatApi fakeApi;
  private WeChatAccount account;
  private WeChatPeer peer;
  private WebClient web;
  private String skill;

  private void start(Vertx vertx, JsonObject handoff) throws Exception {
    fakeApi = await(FakeWeChatApi.start(vertx));
    skill = "g" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms").mergeIn(handoff));
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

  private String agent(Role role, int maxChats) throws Exception {
    String id = role.name().toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, "客服" + id, Set.of(role), Set.of(skill), maxChats,
        false), PASSWORD));
    return id;
  }

  private Map<String, String> customerSays(String openId, String text) throws Exception {
    return new WeChatCustomer(web, server.port(), account, peer).says(openId, text);
  }

  private List<String> sentTexts(String openId) {
    return fakeApi.requests(FakeWeChatApi.SEND).stream()
        .filter(r -> openId.equals(r.body().getString("touser")))
        .map(r -> r.body().getJsonObject("text", new JsonObject()).getString("content", ""))
        .toList();
  }

  private static String openId() {
    return "o" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void escalatedChatIsAssignedAnsweredClosedAndSurveyed(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    String agentId = agent(Role.AGENT, 3);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    JsonObject sync = agent.connect();
    assertThat(sync.getJsonArray("chats")).isEmpty();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));

    String openId = openId();
    Map<String, String> notice = customerSays(openId, "转人工");
    assertThat(notice.get("Content")).contains("人工客服").contains("您当前排在第 1 位");

    JsonObject assigned = agent.next(type("chat.assigned", null));
    String conversationId = assigned.getString("conversationId");
    assertThat(assigned.getString("agent")).isEqualTo(agentId);
    assertThat(assigned.getJsonObject("conversation").getString("customer")).isEqualTo(openId);

    // while a human has the chat the bot keeps quiet and the agent hears the customer
    assertThat(customerSays(openId, "我的订单还没到")).isEmpty();
    JsonObject heard = agent.next(type("chat.message", conversationId));
    assertThat(heard.getJsonObject("entry").getString("text")).isEqualTo("我的订单还没到");

    String answer = "您好，我是客服小李，马上帮您查订单。";
    JsonObject sent = agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", answer));
    assertThat(sent.getBoolean("delivered")).isTrue();
    assertThat(sent.getJsonObject("window").getInteger("remainingMessages")).isBetween(0, 4);
    assertThat(sentTexts(openId)).contains(answer);
    JsonObject first = agent.next(type("chat.first_response", conversationId));
    assertThat(first.getBoolean("met")).isTrue();

    String metrics = await(web.get(server.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(metrics).containsPattern("kefu_frt_seconds_count\\{skill=\"" + skill + "\"} 1\\b");

    JsonObject chat = agent.ok(HttpMethod.GET, "/api/chats/" + conversationId, null);
    assertThat(chat.getJsonArray("transcript").stream().map(e -> ((JsonObject) e).getString("author")))
        .containsSubsequence("customer", "bot", "customer", "agent");

    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/close", null);
    assertThat(sentTexts(openId)).anyMatch(text -> text.contains("请为本次服务打分"));
    assertThat(customerSays(openId, "5").get("Content")).contains("感谢您的评价");
    assertThat(await(server.handoff().store().get(conversationId)).survey()).isEqualTo("done");

    InboundJournal journal = new InboundJournal(server.redis(), Clock.systemUTC(), Duration.ofSeconds(1),
        Duration.ofMinutes(1), Duration.ofMinutes(30));
    List<TranscriptEntry> transcript = await(journal.transcript(conversationId));
    assertThat(transcript).anyMatch(e -> e.author() == TranscriptEntry.Author.AGENT && e.text().equals(answer));
    agent.disconnect();
  }

  @Test
  void callsWithoutTokenOrWithTheWrongRoleAreRefused(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    AgentClient agent = AgentClient.login(vertx, server.port(), agent(Role.AGENT, 3), PASSWORD);
    assertThat(await(web.get(server.port(), "127.0.0.1", "/api/chats").send()).statusCode()).isEqualTo(401);
    assertThat(await(web.get(server.port(), "127.0.0.1", "/api/queue").bearerTokenAuthentication("garbage").send())
        .statusCode()).isEqualTo(401);
    assertThat(agent.call(HttpMethod.POST, "/api/chats/1/assign", new JsonObject().put("agent", "x")).statusCode())
        .isEqualTo(403);
    assertThat(agent.call(HttpMethod.GET, "/api/staffing", null).statusCode()).isEqualTo(403);
    assertThat(agent.call(HttpMethod.GET, "/api/surveys/report", null).statusCode()).isEqualTo(403);
    assertThat(await(web.get(server.port(), "127.0.0.1", "/api/ws").send()).statusCode()).isEqualTo(401);
    var socket = await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(server.port()).setURI("/api/ws?token=forged")));
    var closed = new java.util.concurrent.CompletableFuture<Short>();
    try {
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    } catch (IllegalStateException alreadyClosed) {
      // the server closed the forged socket before the handler was set
      closed.complete(socket.closeStatusCode());
    }
    assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 4401);

    AgentClient supervisor = AgentClient.login(vertx, server.port(), agent(Role.SUPERVISOR, 3), PASSWORD);
    assertThat(supervisor.ok(HttpMethod.GET, "/api/staffing", null).getJsonArray("skills")).isNotEmpty();
  }

  @Test
  void chatWithoutAFirstMessageGoesBackToTheQueueAndToAnotherAgent(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("firstMessageTimeout", "1s"));
    String silentId = agent(Role.AGENT, 3);
    AgentClient silent = AgentClient.login(vertx, server.port(), silentId, PASSWORD);
    silent.connect();
    silent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = openId();
    customerSays(openId, "人工");
    String conversationId = silent.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(server.handoff().store().get(conversationId)).deadline();

    String helpfulId = agent(Role.AGENT, 3);
    AgentClient helpful = AgentClient.login(vertx, server.port(), helpfulId, PASSWORD);
    helpful.connect();
    helpful.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));

    JsonObject requeued = helpful.next(type("chat.requeued", conversationId));
    assertThat(requeued.getString("why")).isEqualTo("first_message_timeout");
    JsonObject reassigned = helpful.next(type("chat.assigned", conversationId));
    assertThat(reassigned.getString("agent")).isEqualTo(helpfulId);
    assertThat(await(server.handoff().store().get(conversationId)).deadline())
        .as("re-queued chats keep their original deadline").isEqualTo(deadline);
    assertThat(silent.call(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", "迟到的回复")).statusCode()).isEqualTo(409);
  }

  @Test
  void firstMessageStillOnItsWayToASlowWeChatKeepsTheChatWithItsAgent(Vertx vertx) throws Exception {
    start(vertx, new JsonObject().put("firstMessageTimeout", "1s"));
    String agentId = agent(Role.AGENT, 3);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = openId();
    customerSays(openId, "人工");
    String conversationId = agent.next(type("chat.assigned", null)).getString("conversationId");

    // the send takes longer than the first-message timeout: the timer fires while the message is on its way
    fakeApi.delayNext(FakeWeChatApi.SEND, Duration.ofMillis(2_500));
    HttpResponse<Buffer> sent = agent.call(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", "您好，我来帮您处理"));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(200);
    Thread.sleep(1_500); // past another first-message timeout, and a dispatch round or two
    Conversation after = await(server.handoff().store().get(conversationId));
    assertThat(after.state().name()).as("not re-queued while the agent was answering").isEqualTo("ASSIGNED");
    assertThat(after.agent()).isEqualTo(agentId);
    assertThat(after.requeues()).isZero();
    assertThat(sentTexts(openId)).containsExactly("您好，我来帮您处理");
  }

  @Test
  void agentGoingAwayHandsChatsBackAndWaitingCustomerCanAskForPosition(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    String agentId = agent(Role.AGENT, 1);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String first = openId();
    String second = openId();
    customerSays(first, "人工");
    String firstChat = agent.next(type("chat.assigned", null)).getString("conversationId");
    customerSays(second, "人工");
    assertThat(customerSays(second, "还要等多久").get("Content")).contains("您当前排在第 1 位");

    JsonObject away = agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "away"));
    assertThat(away.getJsonArray("requeued")).containsExactly(firstChat);
    assertThat(await(server.handoff().store().get(firstChat)).state().name()).isEqualTo("QUEUED");
    assertThat(customerSays(second, "留言 订单三天没发货").get("Content")).contains("已收到您的留言");
    assertThat(agent.ok(HttpMethod.GET, "/api/queue", null).getJsonArray("queue").getJsonObject(0)
        .getBoolean("ticket")).as("a left message is served first").isTrue();
  }

  @Test
  void failedSendComesBackToTheAgentAndReconnectResyncs(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    String agentId = agent(Role.AGENT, 3);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = openId();
    customerSays(openId, "人工");
    String conversationId = agent.next(type("chat.assigned", null)).getString("conversationId");

    fakeApi.failNext(FakeWeChatApi.SEND, 45015, 1);
    HttpResponse<Buffer> refused = agent.call(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", "您好"));
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("not_delivered");
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("窗口已关闭");
    JsonObject failed = agent.next(type("message.failed", conversationId));
    assertThat(failed.getString("kind")).isEqualTo("WINDOW_CLOSED");
    JsonObject chat = agent.ok(HttpMethod.GET, "/api/chats/" + conversationId, null);
    assertThat(chat.getJsonArray("transcript").stream().map(e -> ((JsonObject) e).getString("text")))
        .anyMatch(text -> text.startsWith("客服消息未送达") && text.endsWith("您好"));
    assertThat(chat.getJsonObject("window").getBoolean("open")).isFalse();

    agent.disconnect();
    JsonObject sync = AgentClient.login(vertx, server.port(), agentId, PASSWORD).connect();
    assertThat(sync.getJsonArray("chats").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactly(conversationId);
    assertThat(sync.getJsonObject("me").getString("presence")).isEqualTo("online");
  }

  @Test
  void droppedConsoleReconnectingWithinTheGraceKeepsItsChatAndOneAwayLongerRequeuesItWithTheOriginalDeadline(Vertx vertx)
      throws Exception {
    start(vertx, new JsonObject().put("disconnectGrace", "1500ms").put("socketLease", "900ms"));
    String agentId = agent(Role.AGENT, 3);
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    customerSays(openId(), "人工");
    String chatId = agent.next(type("chat.assigned", null)).getString("conversationId");
    long deadline = await(server.handoff().store().get(chatId)).deadline();

    agent.disconnect();                       // the network drops ...
    Thread.sleep(300);
    AgentClient back = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    JsonObject sync = back.connect();         // ... and the console is back well within the grace
    assertThat(sync.getJsonArray("chats").stream().map(c -> ((JsonObject) c).getString("id"))).containsExactly(chatId);
    Thread.sleep(2_500);
    assertThat(await(server.handoff().store().get(chatId)).state().name()).as("kept across the short drop")
        .isEqualTo("ASSIGNED");

    back.disconnect();                        // away for longer than the grace
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    io.kefu.conversation.Conversation now = await(server.handoff().store().get(chatId));
    while (now.state() != io.kefu.conversation.ConversationState.QUEUED && System.nanoTime() < until) {
      Thread.sleep(100);
      now = await(server.handoff().store().get(chatId));
    }
    assertThat(now.state().name()).as("handed back after the grace").isEqualTo("QUEUED");
    assertThat(now.deadline()).as("the original deadline").isEqualTo(deadline);
    assertThat(await(server.handoff().store().agent(agentId)).presence().wire()).isEqualTo("offline");
  }
}
