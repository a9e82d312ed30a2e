package io.kefu.report;

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
import io.kefu.handoff.AgentClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor dashboard and the unanswered list over the real server and Redis (keyword bot). Counters are shared
 * by every test using this Redis, so the tests compare before and after.
 */
@ExtendWith(VertxExtension.class)
class DashboardApiTest {
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
    skill = "dash" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms"));
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

  private String account(Role role) throws Exception {
    String id = role.name().toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, "客服" + id, Set.of(role), Set.of(skill), 3, false),
        PASSWORD));
    return id;
  }

  private void customerSays(String openId, String text) throws Exception {
    new WeChatCustomer(web, server.port(), account, peer).says(openId, text);
  }

  private static String openId() {
    return "o" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Polls {@code path} until {@code done} holds (recording is asynchronous), for up to 10 s. */
  private static JsonObject until(AgentClient client, String path, Predicate<JsonObject> done) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject last = null;
    while (System.nanoTime() < until) {
      last = client.ok(HttpMethod.GET, path, null);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within 10 s; last " + path + ": " + last);
  }

  private static Map<Long, JsonObject> byHour(JsonObject charts) {
    Map<Long, JsonObject> hours = new HashMap<>();
    charts.getJsonArray("hourly").forEach(h -> hours.put(((JsonObject) h).getLong("hour"), (JsonObject) h));
    return hours;
  }

  /** Sum of {@code field} over the hours of {@code after}, minus the same hours in {@code before}. */
  private static long hourlyDelta(JsonObject before, JsonObject after, String field) {
    Map<Long, JsonObject> old = byHour(before);
    long delta = 0;
    for (JsonObject h : byHour(after).values()) {
      delta += h.getLong(field) - (old.containsKey(h.getLong("hour")) ? old.get(h.getLong("hour")).getLong(field) : 0);
    }
    return delta;
  }

  private static long lastHour(JsonObject dashboard, String field) {
    return dashboard.getJsonObject("sla").getJsonObject("lastHour").getLong(field);
  }

  @Test
  void anEscalationAnsweredByAnAgentShowsInTheDashboardAndCharts(Vertx vertx) throws Exception {
    String agentId = account(Role.AGENT);
    AgentClient supervisor = AgentClient.login(vertx, server.port(), account(Role.SUPERVISOR), PASSWORD);
    JsonObject before = supervisor.ok(HttpMethod.GET, "/api/dashboard", null);
    JsonObject chartsBefore = supervisor.ok(HttpMethod.GET, "/api/dashboard/charts?hours=3", null);
    assertThat(before.getDouble("slaTarget")).isEqualTo(0.8);
    assertThat(before.getJsonObject("frt").fieldNames()).contains("count", "p50Ms", "p90Ms", "p99Ms", "maxMs");

    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = openId();
    customerSays(openId, "转人工");
    String conversationId = agent.next(type("chat.assigned", null)).getString("conversationId");
    agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages", new JsonObject().put("text", "您好，我来帮您。"));
    agent.next(type("chat.first_response", conversationId));

    JsonObject after = until(supervisor, "/api/dashboard", d -> lastHour(d, "total") > lastHour(before, "total"));
    assertThat(lastHour(after, "total") - lastHour(before, "total")).isEqualTo(1);
    assertThat(lastHour(after, "met") - lastHour(before, "met")).as("answered within the 300 s SLA").isEqualTo(1);
    assertThat(after.getJsonObject("sla").getJsonObject("lastHour").getDouble("attainment")).isNotNull();
    JsonObject today = after.getJsonObject("sla").getJsonObject("today");
    assertThat(today.getLong("total")).isGreaterThanOrEqualTo(1);
    JsonObject frt = after.getJsonObject("frt");
    assertThat(frt.getLong("count")).isEqualTo(before.getJsonObject("frt").getLong("count") + 1);
    assertThat(frt.getLong("p50Ms")).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(frt.getLong("maxMs")).isGreaterThanOrEqualTo(frt.getLong("p99Ms"));

    JsonObject group = after.getJsonArray("groups").stream().map(JsonObject.class::cast)
        .filter(g -> skill.equals(g.getString("skill"))).findFirst().orElseThrow();
    assertThat(group.getInteger("queued")).isZero();
    assertThat(group.getInteger("agentsOnline")).isEqualTo(1);
    assertThat(group.getString("level")).isIn("green", "yellow", "orange", "red");
    assertThat(group.fieldNames()).contains("oldestWaitMs", "expectedWaitMs", "agentsRequired");
    JsonObject me = after.getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> agentId.equals(a.getString("id"))).findFirst().orElseThrow();
    assertThat(me.getString("presence")).isEqualTo("online");
    assertThat(me.getInteger("chats")).isEqualTo(1);
    assertThat(me.getInteger("maxChats")).isEqualTo(3);
    assertThat(me.getJsonArray("groups")).containsExactly(skill);
    assertThat(after.getBoolean("overload")).isNotNull();

    JsonObject charts = until(supervisor, "/api/dashboard/charts?hours=3",
        c -> hourlyDelta(chartsBefore, c, "escalations") >= 1 && hourlyDelta(chartsBefore, c, "messages") >= 1);
    assertThat(hourlyDelta(chartsBefore, charts, "escalations")).isEqualTo(1);
    assertThat(hourlyDelta(chartsBefore, charts, "messages")).isEqualTo(1);
    assertThat(charts.getJsonArray("hourly")).hasSize(3);
    JsonObject frtChart = charts.getJsonObject("frt");
    assertThat(frtChart.getJsonArray("bucketsSeconds")).containsExactly(30, 60, 120, 180, 240, 300, 600);
    assertThat(frtChart.getJsonArray("counts")).hasSize(8);
    JsonObject containment = charts.getJsonObject("containment");
    JsonObject containmentBefore = chartsBefore.getJsonObject("containment");
    assertThat(containment.getLong("conversations") - containmentBefore.getLong("conversations"))
        .as("the conversation counted once").isEqualTo(1);
    assertThat(containment.getLong("contained") - containmentBefore.getLong("contained"))
        .as("handed to a human: not contained").isZero();
    assertThat(charts.getJsonObject("satisfaction").getJsonObject("distribution").fieldNames())
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5");

    // a conversation the bot answers by itself counts as contained
    customerSays(openId(), "我想退货");
    JsonObject contained = until(supervisor, "/api/dashboard/charts?hours=3",
        c -> c.getJsonObject("containment").getLong("contained") > containmentBefore.getLong("contained")
            && hourlyDelta(chartsBefore, c, "botAnswered") >= 1);  // bot answers are flushed once a second
    assertThat(hourlyDelta(chartsBefore, contained, "botAnswered")).isEqualTo(1);
    assertThat(contained.getJsonObject("containment").getLong("conversations")
        - containmentBefore.getLong("conversations")).isEqualTo(2);
  }

  @Test
  void aBotMissIsListedAsUnansweredAndCanBeDismissed(Vertx vertx) throws Exception {
    AgentClient ops = AgentClient.login(vertx, server.port(), account(Role.OPS), PASSWORD);
    String unique = "紫色独角兽" + UUID.randomUUID().toString().substring(0, 6) + "饲料怎么买";
    String openId = openId();
    customerSays(openId, unique);
    customerSays(openId(), unique + "呀");
    JsonObject list = until(ops, "/api/ops/unanswered?limit=200", l -> group(l, unique) != null);
    JsonObject group = group(list, unique);
    assertThat(group.getInteger("count")).as("the two phrasings are one group").isEqualTo(2);
    assertThat(group.getLong("lastSeen")).isPositive();
    assertThat(group.getValue("suggestedIntent")).as("no NLP pipeline in this server").isNull();
    JsonArray samples = group.getJsonArray("samples");
    assertThat(samples).hasSize(2);
    assertThat(samples.getJsonObject(0).getString("text")).isEqualTo(unique + "呀");
    assertThat(samples.getJsonObject(1).getString("conversationId")).isNotEmpty();

    HttpResponse<Buffer> unknown = ops.call(HttpMethod.POST, "/api/ops/unanswered/nosuchgroup",
        new JsonObject().put("action", "dismiss"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    assertThat(ops.call(HttpMethod.POST, "/api/ops/unanswered/" + group.getString("id"),
        new JsonObject().put("action", "explode")).statusCode()).isEqualTo(400);

    ops.ok(HttpMethod.POST, "/api/ops/unanswered/" + group.getString("id"), new JsonObject().put("action", "dismiss"));
    assertThat(group(ops.ok(HttpMethod.GET, "/api/ops/unanswered?limit=200", null), unique)).isNull();
    assertThat(await(server.agents().audit().recent(20, null))).anyMatch(e -> e.action().equals("unanswered.dismiss")
        && e.target().equals(group.getString("id")));
  }

  private static JsonObject group(JsonObject list, String text) {
    return list.getJsonArray("groups").stream().map(JsonObject.class::cast)
        .filter(g -> g.getJsonArray("samples").stream().anyMatch(s -> ((JsonObject) s).getString("text").startsWith(text)))
        .findFirst().orElse(null);
  }

  @Test
  void tokensAndRolesAreChecked(Vertx vertx) throws Exception {
    HttpResponse<Buffer> anonymous = await(web.get(server.port(), "127.0.0.1", "/api/dashboard").send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    assertThat(await(web.get(server.port(), "127.0.0.1", "/api/ops/unanswered").bearerTokenAuthentication("nope")
        .send()).statusCode()).isEqualTo(401);

    AgentClient agent = AgentClient.login(vertx, server.port(), account(Role.AGENT), PASSWORD);
    AgentClient supervisor = AgentClient.login(vertx, server.port(), account(Role.SUPERVISOR), PASSWORD);
    AgentClient ops = AgentClient.login(vertx, server.port(), account(Role.OPS), PASSWORD);
    AgentClient admin = AgentClient.login(vertx, server.port(), account(Role.ADMIN), PASSWORD);
    for (String path : new String[] {"/api/dashboard", "/api/dashboard/charts", "/api/ops/corpus",
        "/api/ops/unanswered", "/api/ops/intents", "/api/ops/faqs"}) {
      HttpResponse<Buffer> refused = agent.call(HttpMethod.GET, path, null);
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("forbidden");
    }
    assertThat(supervisor.call(HttpMethod.GET, "/api/ops/unanswered", null).statusCode()).isEqualTo(403);
    assertThat(supervisor.call(HttpMethod.POST, "/api/ops/corpus/reload", null).statusCode()).isEqualTo(403);
    assertThat(supervisor.call(HttpMethod.GET, "/api/dashboard/charts", null).statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/api/dashboard", null).statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/api/ops/unanswered", null).statusCode()).isEqualTo(200);
    assertThat(admin.call(HttpMethod.GET, "/api/dashboard", null).statusCode()).isEqualTo(200);
    assertThat(admin.call(HttpMethod.GET, "/api/ops/intents", null).statusCode()).isEqualTo(200);
    assertThat(ops.call(HttpMethod.GET, "/api/dashboard/charts?hours=0", null).statusCode()).isEqualTo(400);
    assertThat(ops.call(HttpMethod.GET, "/api/ops/unanswered?limit=x", null).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> disabled = ops.call(HttpMethod.GET, "/api/ops/corpus", null);
    assertThat(disabled.statusCode()).as("no NLP pipeline in this server").isEqualTo(409);
    assertThat(disabled.bodyAsJsonObject().getString("error")).isEqualTo("nlp_disabled");
  }
}
