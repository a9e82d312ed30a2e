package io.kefu.channel.wecom;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.Role;
import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.bot.KeywordResponder;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.FakeWeChatApi.RecordedRequest;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatVectors;
import io.kefu.conversation.TranscriptEntry;
import io.kefu.handoff.AgentClient;
import io.kefu.store.InboundJournal;
import io.kefu.store.RedisKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WeCom over the real server, a real Redis and the fake WeCom API: URL verification with the official vectors,
 * app messages answered passively, 微信客服 doorbell → sync → bot answer, escalation to Kefu's agents or to a
 * WeCom servicer, and a half-failed pull that resumes without loss or duplicates.
 */
@ExtendWith(VertxExtension.class)
class WeComChannelTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private static final String PASSWORD = "password-123";
  private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  private KefuServer server;
  private KefuServer second;
  private KefuConfig config;
  private FakeWeChatApi fake;
  private WebClient web;
  private WeComApp app;
  private WeComPeer peer;
  private String openKfId;
  private String kfId;
  private String skill;

  /** A server with one app and one kf account in the given hand-off mode (servicer only for mode wecom). */
  private void start(Vertx vertx, String handoff, String servicer, Clock clock, JsonObject appOverride,
                     Responder responder) throws Exception {
    fake = await(FakeWeChatApi.start(vertx));
    web = WebClient.create(vertx);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    skill = "g" + suffix.substring(0, 8);
    openKfId = "wk" + suffix;
    kfId = "kf" + suffix;
    JsonObject appConfig = new JsonObject().put("corpId", "ww" + suffix).put("agentId", 1000002)
        .put("token", "tok" + suffix).put("encodingAesKey", KEY).put("secret", "appsecret").mergeIn(appOverride);
    JsonObject kf = new JsonObject().put("openKfId", openKfId).put("app", "app" + suffix).put("handoff", handoff);
    if (servicer != null) {
      kf.put("servicer", servicer);
    }
    JsonObject tree = TestServers.config(fake.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms"))
        .put("wecom", new JsonObject().put("apiBase", fake.baseUrl()).put("kfRetryDelay", "200ms")
            .put("apps", new JsonObject().put("app" + suffix, appConfig))
            .put("kf", new JsonObject().put(kfId, kf)));
    config = ConfigParser.parse(tree);
    app = config.wecom().apps().get("app" + suffix);
    peer = new WeComPeer(app);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock,
        responder));
  }

  private void start(Vertx vertx, String handoff, String servicer) throws Exception {
    start(vertx, handoff, servicer, Clock.systemUTC(), new JsonObject(), new KeywordResponder());
  }

  @AfterEach
  void stop() throws Exception {
    if (second != null) {
      await(second.close());
    }
    if (server != null) {
      await(server.close());
    }
    if (fake != null) {
      await(fake.close());
    }
  }

  @Test
  void urlVerificationAnswersTheOfficialVectorsPlaintext(Vertx vertx) throws Exception {
    WeChatVectors v = WeChatVectors.named("wecom-verifyurl");
    Instant at = Instant.ofEpochSecond(Long.parseLong(v.timestamp()));
    Clock then = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
    start(vertx, "kefu", null, then, new JsonObject().put("corpId", v.receiveId()).put("token", v.token())
        .put("encodingAesKey", v.encodingAesKey()), new KeywordResponder());
    String query = "msg_signature=" + v.msgSignature() + "&timestamp=" + v.timestamp() + "&nonce=" + v.nonce()
        + "&echostr=" + URLEncoder.encode(v.encrypt(), StandardCharsets.UTF_8);
    HttpResponse<Buffer> r = await(web.get(server.port(), "127.0.0.1", "/wecom/" + app.id() + "?" + query).send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().getBytes()).isEqualTo("1288432023552776189".getBytes(StandardCharsets.US_ASCII));

    HttpResponse<Buffer> forged = await(web.get(server.port(), "127.0.0.1", "/wecom/" + app.id() + "?"
        + query.replace(v.msgSignature(), "0".repeat(40))).send());
    assertThat(forged.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> unknown = await(web.get(server.port(), "127.0.0.1", "/wecom/nope?" + query).send());
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void encryptedAppMessageGetsAnEncryptedPassiveReplyAndARetryTheSameOne(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    WeComPeer.Push push = peer.push(WeComPeer.textXml(app.corpId(), "LiLei", now(), "我想退货",
        MSG_IDS.incrementAndGet(), app.agentId()), now());
    HttpResponse<Buffer> r = post(push);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("<Encrypt>").doesNotContain("退货");
    Map<String, String> reply = peer.openReply(r.bodyAsString());
    assertThat(reply).containsEntry("ToUserName", "LiLei").containsEntry("FromUserName", app.corpId());
    assertThat(reply.get("Content")).contains("7 天无理由退货");

    Map<String, String> again = peer.openReply(post(push).bodyAsString());
    assertThat(again.get("Content")).isEqualTo(reply.get("Content"));
    List<TranscriptEntry> transcript = transcript("wecom", app.id(), "LiLei");
    assertThat(transcript).extracting(TranscriptEntry::author)
        .containsExactly(TranscriptEntry.Author.CUSTOMER, TranscriptEntry.Author.BOT);
  }

  @Test
  void jsonAppMessageIsAnsweredInJson(Vertx vertx) throws Exception {
    start(vertx, "kefu", null, Clock.systemUTC(), new JsonObject().put("json", true), new KeywordResponder());
    String json = new JsonObject().put("ToUserName", app.corpId()).put("FromUserName", "HanMeimei")
        .put("CreateTime", now()).put("MsgType", "text").put("Content", "什么时候发货")
        .put("MsgId", MSG_IDS.incrementAndGet()).put("AgentID", app.agentId()).encode();
    HttpResponse<Buffer> r = post(peer.pushJson(json, now()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(peer.openReply(r.bodyAsString()).get("Content")).contains("48 小时内发货");
  }

  @Test
  void lateAppAnswerGoesThroughMessageSend(Vertx vertx) throws Exception {
    Responder slow = request -> new KeywordResponder().respond(request).thenCompose(d ->
        java.util.concurrent.CompletableFuture.supplyAsync(() -> d,
            java.util.concurrent.CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS)));
    start(vertx, "kefu", null, Clock.systemUTC(), new JsonObject(), slow);
    HttpResponse<Buffer> r = post(peer.push(WeComPeer.textXml(app.corpId(), "ZhaoLei", now(), "发票怎么开",
        MSG_IDS.incrementAndGet(), app.agentId()), now()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isNullOrEmpty();
    RecordedRequest sent = awaitRequest(FakeWeChatApi.WECOM_SEND, body -> "ZhaoLei".equals(body.getString("touser")));
    assertThat(sent.body().getInteger("agentid")).isEqualTo(app.agentId());
    assertThat(sent.body().getJsonObject("text").getString("content")).contains("电子发票");
    assertThat(fake.requests(FakeWeChatApi.WECOM_TOKEN).get(0).query())
        .containsEntry("corpid", app.corpId()).containsEntry("corpsecret", "appsecret");
  }

  @Test
  void kfDoorbellPullsPastAnEmptyPageAndTheBotAnswersWithSendMsg(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    fake.kfUnionId(customer, "union-" + customer);
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", true));
    fake.kfPage(openKfId, "c1", FakeWeChatApi.page("c2", false,
        FakeWeChatApi.kfText("m1-" + customer, openKfId, customer, "你好")));
    // the same person already wrote to the Official Account: one customer for the agents
    String oaCustomer = await(server.handoff().customers().touch("wechat", "acc", "o" + customer,
        "union-" + customer)).customerId();

    HttpResponse<Buffer> bell = doorbell("ENCtoken1");
    assertThat(bell.statusCode()).isEqualTo(200);
    assertThat(bell.bodyAsString()).isNullOrEmpty();

    RecordedRequest answer = awaitRequest(FakeWeChatApi.KF_SEND, body -> customer.equals(body.getString("touser")));
    assertThat(answer.body().getString("open_kfid")).isEqualTo(openKfId);
    assertThat(answer.body().getJsonObject("text").getString("content")).contains("智能客服");
    assertThat(answer.body().getString("msgid")).matches("r_[0-9a-f]{29}");
    assertThat(fake.requests(FakeWeChatApi.KF_SYNC)).extracting(r -> r.body().getString("cursor", ""))
        .containsExactly("", "c1");
    assertThat(fake.requests(FakeWeChatApi.KF_SYNC)).allMatch(r -> "ENCtoken1".equals(r.body().getString("token")));
    assertThat(fake.kfState(openKfId, customer)).isEqualTo(1);
    // the cursor moves on only after the page's items are journaled and answered
    awaitTrue(() -> "c2".equals(String.valueOf(
        await(server.redis().send(Request.cmd(Command.GET).arg(RedisKeys.kfCursor(openKfId)))))));

    String kfCustomer = "wecom-kf:" + kfId + ":" + customer;
    awaitTrue(() -> await(server.handoff().customers().linkedCustomers(kfCustomer)).contains(oaCustomer));
    List<TranscriptEntry> transcript = transcript(KfAccount.CHANNEL, kfId, customer);
    assertThat(transcript).extracting(TranscriptEntry::text).containsExactly("你好",
        answer.body().getJsonObject("text").getString("content"));
  }

  @Test
  void enterSessionWelcomeGoesOutWithSendMsgOnEvent(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", false, FakeWeChatApi.kfEvent("e1-" + customer, openKfId,
        customer, new JsonObject().put("event_type", "enter_session").put("scene", "qr")
            .put("welcome_code", "WELCOME-1"))));
    doorbell("t");
    RecordedRequest welcome = awaitRequest(FakeWeChatApi.KF_SEND_ON_EVENT, body -> true);
    assertThat(welcome.body().getString("code")).isEqualTo("WELCOME-1");
    assertThat(welcome.body().getJsonObject("text").getString("content")).contains("欢迎");
    assertThat(fake.requests(FakeWeChatApi.KF_SEND)).isEmpty();
  }

  @Test
  void halfFailedPullResumesFromTheSavedCursorWithoutLossOrDuplicates(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    JsonObject m1 = FakeWeChatApi.kfText("m1-" + customer, openKfId, customer, "你好");
    JsonObject m2 = FakeWeChatApi.kfText("m2-" + customer, openKfId, customer, "什么时候发货");
    JsonObject m3 = FakeWeChatApi.kfText("m3-" + customer, openKfId, customer, "发票怎么开");
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", true, m1, m2));
    JsonObject busy = new JsonObject().put("errcode", -1).put("errmsg", "system busy");
    // three busy answers use up one pull's retries: the pull fails after page 1 was handled
    fake.kfPage(openKfId, "c1", busy).kfPage(openKfId, "c1", busy).kfPage(openKfId, "c1", busy);
    // the resumed pull's page repeats m2 (a cursor replay) and brings m3
    fake.kfPage(openKfId, "c1", FakeWeChatApi.page("c2", false, m2, m3));

    doorbell("t1");
    awaitTrue(() -> fake.requests(FakeWeChatApi.KF_SEND).size() >= 3);
    Thread.sleep(500); // a duplicate would go out right behind the third answer
    List<String> answered = fake.requests(FakeWeChatApi.KF_SEND).stream()
        .map(r -> r.body().getJsonObject("text").getString("content")).toList();
    assertThat(answered).hasSize(3);
    assertThat(answered.get(0)).contains("智能客服");
    assertThat(answered.get(1)).contains("48 小时内发货");
    assertThat(answered.get(2)).contains("电子发票");
    assertThat(fake.requests(FakeWeChatApi.KF_SYNC)).extracting(r -> r.body().getString("cursor", ""))
        .containsExactly("", "c1", "c1", "c1", "c1");
    List<TranscriptEntry> transcript = transcript(KfAccount.CHANNEL, kfId, customer);
    assertThat(transcript.stream().filter(e -> e.author() == TranscriptEntry.Author.CUSTOMER)
        .map(TranscriptEntry::text)).containsExactly("你好", "什么时候发货", "发票怎么开");
  }

  @Test
  void escalationQueuesForAConsoleAgentWhoseReplyGoesOutWithSendMsg(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    String agentId = "agent" + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(agentId, "客服小王", Set.of(Role.AGENT), Set.of(skill),
        3, false), PASSWORD));
    AgentClient agent = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agent.connect();
    agent.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));

    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", false,
        FakeWeChatApi.kfText("m1-" + customer, openKfId, customer, "转人工")));
    doorbell("t1");
    RecordedRequest notice = awaitRequest(FakeWeChatApi.KF_SEND, body -> customer.equals(body.getString("touser")));
    assertThat(notice.body().getJsonObject("text").getString("content")).contains("人工客服");

    JsonObject assigned = agent.next(AgentClient.type("chat.assigned", null));
    String conversationId = assigned.getString("conversationId");
    assertThat(assigned.getJsonObject("conversation").getString("customer")).isEqualTo(customer);

    String reply = "您好，我是客服小王，请问有什么可以帮您？";
    JsonObject sent = agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", reply));
    assertThat(sent.getBoolean("delivered")).isTrue();
    assertThat(sent.getJsonObject("window").getInteger("remainingMessages")).isEqualTo(3);
    RecordedRequest out = awaitRequest(FakeWeChatApi.KF_SEND,
        body -> reply.equals(body.getJsonObject("text").getString("content")));
    assertThat(out.body().getString("touser")).isEqualTo(customer);
    assertThat(out.body().getString("open_kfid")).isEqualTo(openKfId);
    agent.next(AgentClient.type("chat.first_response", conversationId));

    // the 48 h / 5-message window of the customer's message: 2 used, 3 left; the 6th is refused locally
    for (int i = 1; i <= 3; i++) {
      agent.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
          new JsonObject().put("text", "补充说明 " + i));
    }
    int sendsBefore = fake.requests(FakeWeChatApi.KF_SEND).size();
    HttpResponse<Buffer> refused = agent.call(HttpMethod.POST, "/api/chats/" + conversationId + "/messages",
        new JsonObject().put("text", "第六条"));
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("窗口");
    assertThat(fake.requests(FakeWeChatApi.KF_SEND)).hasSize(sendsBefore);
    agent.disconnect();
  }

  @Test
  void transferToAWeComServicerStopsTheBotUntilTheServicerEndsTheSession(Vertx vertx) throws Exception {
    start(vertx, "wecom", "zhangsan");
    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", false,
        FakeWeChatApi.kfText("m1-" + customer, openKfId, customer, "转人工")));
    doorbell("t1");
    RecordedRequest trans = awaitRequest(FakeWeChatApi.KF_STATE_TRANS, body -> body.getInteger("service_state") == 3);
    assertThat(trans.body().getString("servicer_userid")).isEqualTo("zhangsan");
    List<RecordedRequest> sends = fake.requests(FakeWeChatApi.KF_SEND);
    assertThat(sends).hasSize(1);
    assertThat(sends.get(0).body().getJsonObject("text").getString("content")).contains("人工客服");

    // while the servicer has the session, the bot says nothing; the servicer's own message is kept
    JsonObject servicerWrote = FakeWeChatApi.kfText("s1-" + customer, openKfId, customer, "您好，我是张三")
        .put("origin", 5).put("servicer_userid", "zhangsan");
    fake.kfPage(openKfId, "c1", FakeWeChatApi.page("c2", false, servicerWrote,
        FakeWeChatApi.kfText("m2-" + customer, openKfId, customer, "你好")));
    doorbell("t2");
    awaitTrue(() -> fake.requests(FakeWeChatApi.KF_SYNC).size() >= 2);
    awaitTrue(() -> transcript(KfAccount.CHANNEL, kfId, customer).stream().anyMatch(e -> "你好".equals(e.text())));
    Thread.sleep(300);
    assertThat(fake.requests(FakeWeChatApi.KF_SEND)).hasSize(1);
    assertThat(transcript(KfAccount.CHANNEL, kfId, customer)).anySatisfy(e -> {
      assertThat(e.author()).isEqualTo(TranscriptEntry.Author.AGENT);
      assertThat(e.text()).isEqualTo("您好，我是张三");
      assertThat(e.extra()).containsEntry("agent", "zhangsan");
    });

    // the servicer ends the session in the WeCom client: the bot answers again
    fake.kfState(openKfId, customer, 4);
    fake.kfPage(openKfId, "c2", FakeWeChatApi.page("c3", false,
        FakeWeChatApi.kfEvent("e3-" + customer, openKfId, customer, new JsonObject()
            .put("event_type", "session_status_change").put("change_type", 3)
            .put("old_servicer_userid", "zhangsan").put("msg_code", "END-1")),
        FakeWeChatApi.kfText("m4-" + customer, openKfId, customer, "发票怎么开")));
    doorbell("t3");
    RecordedRequest back = awaitRequest(FakeWeChatApi.KF_SEND,
        body -> body.getJsonObject("text").getString("content").contains("电子发票"));
    assertThat(back.body().getString("touser")).isEqualTo(customer);
    assertThat(fake.kfState(openKfId, customer)).isEqualTo(1);
  }

  @Test
  void doorbellsOnTwoNodesAtOnceLeaveOnePullerPerKfAccount(Vertx vertx) throws Exception {
    start(vertx, "kefu", null);
    second = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), new KeywordResponder()));
    String customer = "wm" + UUID.randomUUID().toString().replace("-", "");
    fake.kfPage(openKfId, null, FakeWeChatApi.page("c1", false,
        FakeWeChatApi.kfText("m1-" + customer, openKfId, customer, "你好"),
        FakeWeChatApi.kfText("m2-" + customer, openKfId, customer, "发票怎么开")));
    fake.delayNext(FakeWeChatApi.KF_SYNC, Duration.ofMillis(1000));
    WeComPeer.Push bellA = peer.push(WeComPeer.kfEventXml(app.corpId(), now(), "ta", openKfId), now());
    WeComPeer.Push bellB = peer.push(WeComPeer.kfEventXml(app.corpId(), now(), "tb", openKfId), now());
    assertThat(await(web.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wecom/" + app.id() + "?"
        + bellA.query()).sendBuffer(Buffer.buffer(bellA.body()))).statusCode()).isEqualTo(200);
    awaitTrue(() -> !fake.requests(FakeWeChatApi.KF_SYNC).isEmpty());
    // node A is waiting for its first page: node B's doorbell must not start a second puller
    assertThat(await(web.request(HttpMethod.POST, second.port(), "127.0.0.1", "/wecom/" + app.id() + "?"
        + bellB.query()).sendBuffer(Buffer.buffer(bellB.body()))).statusCode()).isEqualTo(200);

    awaitTrue(() -> fake.requests(FakeWeChatApi.KF_SEND).size() >= 2);
    // A finds B's token before letting go of the lease and pulls once more, from the saved cursor
    RecordedRequest again = awaitRequest(FakeWeChatApi.KF_SYNC, body -> "c1".equals(body.getString("cursor")));
    assertThat(again.body().getString("token")).isEqualTo("tb");
    Thread.sleep(500);
    assertThat(fake.requests(FakeWeChatApi.KF_SEND)).as("each message answered once").hasSize(2);
    assertThat(fake.requests(FakeWeChatApi.KF_SYNC).stream().filter(r -> !r.body().containsKey("cursor")))
        .as("the first page was pulled by one node only").hasSize(1);
  }

  // ------------------------------------------------------------------ helpers

  private HttpResponse<Buffer> doorbell(String token) throws Exception {
    return post(peer.push(WeComPeer.kfEventXml(app.corpId(), now(), token, openKfId), now()));
  }

  private HttpResponse<Buffer> post(WeComPeer.Push push) throws Exception {
    return await(web.request(HttpMethod.POST, server.port(), "127.0.0.1", "/wecom/" + app.id() + "?" + push.query())
        .sendBuffer(Buffer.buffer(push.body())));
  }

  private List<TranscriptEntry> transcript(String channel, String account, String user) throws Exception {
    InboundJournal journal = new InboundJournal(server.redis(), Clock.systemUTC(), Duration.ofSeconds(1),
        Duration.ofMinutes(1), Duration.ofMinutes(30));
    String id = await(journal.openConversation(channel, account, user));
    return id == null ? List.of() : await(journal.transcript(id));
  }

  private RecordedRequest awaitRequest(String path, Predicate<JsonObject> wanted) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      for (RecordedRequest r : fake.requests(path)) {
        if (r.body() != null && wanted.test(r.body())) {
          return r;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching request to " + path + " within 10 s; got " + fake.requests(path));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within 10 s");
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }
}
