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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLA warnings and the breach come from timers owned by exactly one of two nodes; an unstaffed skill group
 * raises the red staffing alert through the WeCom group robot.
 */
@ExtendWith(VertxExtension.class)
class SlaAndStaffingTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private final List<KefuServer> nodes = new ArrayList<>();
  private FakeWeChatApi fakeApi;
  private HttpServer robot;

  @AfterEach
  void stop() throws Exception {
    for (KefuServer node : nodes) {
      await(node.close());
    }
    if (fakeApi != null) {
      await(fakeApi.close());
    }
    if (robot != null) {
      await(robot.close());
    }
  }

  @Test
  void warningsAndBreachFireOnceAcrossTwoNodesAndTheRobotHearsTheRedAlert(Vertx vertx) throws Exception {
    List<JsonObject> robotMessages = new CopyOnWriteArrayList<>();
    robot = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      robotMessages.add(body.toJsonObject());
      req.response().putHeader("content-type", "application/json").end("{\"errcode\":0,\"errmsg\":\"ok\"}");
    })).listen(0, "127.0.0.1"));
    fakeApi = await(FakeWeChatApi.start(vertx));
    String skill = "sla" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill)
            .put("sla", new JsonObject().put("standard", "2s"))
            .put("staffing", new JsonObject().put("interval", "1s")
                .put("robotWebhook", "http://127.0.0.1:" + robot.actualPort() + "/cgi-bin/webhook/send?key=test")));
    KefuConfig config = ConfigParser.parse(tree);
    for (int i = 0; i < 2; i++) {
      nodes.add(await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC(), new KeywordResponder())));
    }
    String supervisorId = "sup" + UUID.randomUUID().toString().substring(0, 6);
    await(nodes.get(0).agents().directory().create(new AgentAccount(supervisorId, "主管", Set.of(Role.SUPERVISOR),
        Set.of(skill), 3, false), "password-123"));
    AgentClient supervisor = AgentClient.login(vertx, nodes.get(1).port(), supervisorId, "password-123");
    supervisor.connect();

    WeChatAccount account = config.accounts().values().iterator().next();
    WeChatPeer peer = new WeChatPeer(account);
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, "人工", MSG_IDS.incrementAndGet()),
        openId, WeChatAccount.MessageMode.SAFE, now);
    await(WebClient.create(vertx).request(HttpMethod.POST, nodes.get(0).port(), "127.0.0.1",
        "/wechat/" + account.id() + "?" + push.query()).sendBuffer(Buffer.buffer(push.body())));
    String conversationId = await(nodes.get(0).handoff().store().queued(skill, 1)).get(0).id();

    JsonObject breach = supervisor.next(AgentClient.type("sla.breach", conversationId));
    List<Double> warnings = supervisor.seen().stream()
        .filter(e -> "sla.warning".equals(e.getString("type")) && conversationId.equals(e.getString("conversationId")))
        .map(e -> e.getDouble("fraction")).toList();
    assertThat(warnings).as("each warning once, in order, although two nodes run timers").containsExactly(0.5, 0.8, 0.95);
    assertThat(breach.getLong("remainingMs")).isZero();
    TimeUnit.MILLISECONDS.sleep(300); // a duplicate from the second node would arrive within this time
    assertThat(supervisor.seen()).filteredOn(e -> "sla.breach".equals(e.getString("type"))
        && conversationId.equals(e.getString("conversationId"))).hasSize(1);

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // other tests' skill groups share this Redis, so look for the alert about ours
    while (robotMessages.stream().noneMatch(m -> m.encode().contains(skill)) && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(robotMessages.stream().map(m -> m.getJsonObject("text").getString("content"))
        .filter(text -> text.contains(skill))).singleElement().asString().contains("红色");
    JsonObject staffing = supervisor.ok(HttpMethod.GET, "/api/staffing", null);
    assertThat(staffing.getJsonArray("skills").stream().map(s -> (JsonObject) s)
        .filter(s -> skill.equals(s.getString("skill"))).findFirst().orElseThrow().getString("level")).isEqualTo("red");
    assertThat(nodes.get(0).overload().active())
        .as("a chat is queued and nobody is online: the bot goes into overload mode").isTrue();
  }
}
