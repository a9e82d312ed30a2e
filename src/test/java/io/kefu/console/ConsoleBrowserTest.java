package io.kefu.console;

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
import io.kefu.handoff.Actor;
import io.kefu.handoff.AgentClient;
import io.kefu.routing.Presence;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser against the real server, Redis and the fake WeChat API: a WeChat user asks for
 * a human, an agent logs in through the UI, takes the chat from the queue and answers (typed, canned, after a
 * failed send), the customer gets it through custom/send, and the supervisor's dashboard shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  private static final String PASSWORD = "password-123";

  private Vertx vertx;
  private KefuServer server;
  private FakeWeChatApi fakeApi;
  private WeChatAccount account;
  private WeChatPeer peer;
  private WebClient web;
  private String skill;
  private HeadlessChromium browser;
  private final List<String> agents = new java.util.ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.requireInstalled();
    vertx = Vertx.vertx();
    fakeApi = await(FakeWeChatApi.start(vertx));
    skill = "g" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("handoff", new JsonObject().put("defaultSkill", skill).put("dispatchInterval", "200ms"));
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    web = WebClient.create(vertx);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), new KeywordResponder()));
    browser = HeadlessChromium.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      await(server.close());
    }
    if (fakeApi != null) {
      await(fakeApi.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  /** A failing test leaves target/screenshots/failed-{test}.png behind. */
  @RegisterExtension
  final TestWatcher screenshotOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      try {
        if (browser != null) {
          browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
        }
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  };

  /** The tests share one skill group: chats and online agents left behind would change the next test. */
  @AfterEach
  void everyoneOffline() throws Exception {
    for (String id : agents) {
      Actor actor = new Actor(id, Set.of(skill), false);
      for (String chat : await(server.handoff().store().agent(id)).chats()) {
        await(server.handoff().service().close(actor, chat).otherwiseEmpty());
      }
      await(server.handoff().service().presence(actor, Presence.OFFLINE));
    }
    agents.clear();
  }

  @BeforeEach
  void freshSession() {
    browser.open(url("/console/"));
    browser.script("sessionStorage.clear()");
    // so that the test's first open() loads the page again, also when it asks for the same URL
    browser.open("about:blank");
  }

  @Test
  void agentTakesAnEscalatedChatFromTheQueueAndAnswersItInTheBrowser() throws Exception {
    String agentId = agent("李娜", Role.AGENT);

    // the customer asks for a human while nobody is online: the chat waits in the queue
    String openId = openId();
    assertThat(customerSays(openId, "转人工").get("Content")).contains("人工客服");
    customerSays(openId, "我的快递三天了还没到，单号 SF1234567890");
    String customerId = customerId(openId);
    AgentClient agentApi = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agentApi.ok(HttpMethod.PUT, "/api/customers/" + customerId, new JsonObject().put("nickname", "王小明"));
    String cannedText = "顺丰快递一般 1–3 天送达，偏远地区 3–5 天，您可以在「我的订单」里查看物流进度。";
    agentApi.ok(HttpMethod.POST, "/api/canned", new JsonObject().put("title", "物流时效").put("text", cannedText));

    // the agent logs in through the login screen the console redirects to
    browser.open(url("/console/#/agent"));
    browser.await(ExpectedConditions.urlContains("#/login"));
    browser.screenshot("login");
    login(agentId);
    String conversationId = browser.attribute("#queue-list .queue-item", "data-id");
    browser.text("#queue-list .queue-item", "王小明");
    browser.text("#queue-list .queue-item", "首次响应剩余");
    browser.text("#connection", "已连接");
    browser.screenshot("agent-queue");

    // accept from the queue (taking a chat puts the agent online); the transcript shows the customer and the bot
    browser.visible("#queue-list button.accept[data-id='" + conversationId + "']").click();
    WebElement input = browser.visible("#composer-input");
    assertThat(agentState(agentId)).isEqualTo("online");
    browser.text("#presence-hint", "自动为您分配");
    browser.text("#transcript", "我的快递三天了还没到");
    assertThat(browser.driver().findElements(By.cssSelector("#transcript .msg-customer"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.driver().findElements(By.cssSelector("#transcript .msg-bot"))).isNotEmpty();
    browser.text("#chat-list", "王小明");
    browser.text("#customer-pane", "王小明");
    assertThat(browser.driver().findElements(By.id("chat-accept"))).as("a chat taken from the queue is accepted").isEmpty();
    assertThat(browser.visible("#chat-list").getText()).doesNotContain("待接入");

    // a typed reply reaches the customer through custom/send
    String answer = "您好，我是客服李娜，马上帮您查询这个快递单号。";
    browser.visible("#composer-input").sendKeys(answer, Keys.ENTER);
    awaitSent(openId, answer);
    browser.text("#transcript", answer);
    browser.text(".chat-status", "首次响应用时");
    int windowLeft = Integer.parseInt(browser.visible("#window-messages").getText());
    assertThat(windowLeft).isBetween(0, 4);

    // an internal note stays in the transcript and is never sent
    browser.visible("#mode-note").click();
    String note = "客户情绪平稳，已核实单号";
    browser.visible("#composer-input").sendKeys(note, Keys.ENTER);
    browser.text("#transcript .msg-note", note);
    browser.visible("#mode-reply").click();

    // "/" searches canned replies; Enter picks one, Enter again sends it
    input = browser.visible("#composer-input");
    input.sendKeys("/物流");
    browser.text("#canned li.active", "物流时效");
    input.sendKeys(Keys.ENTER);
    assertThat(input.getAttribute("value")).isEqualTo(cannedText);
    input.sendKeys(Keys.ENTER);
    awaitSent(openId, cannedText);

    // a refused send is shown on the message with a retry button; the retry gets through
    fakeApi.failNext(FakeWeChatApi.SEND, 48001, 1);
    String retried = "已为您催促快递员，今天内会有回复。";
    browser.visible("#composer-input").sendKeys(retried, Keys.ENTER);
    browser.text("#transcript .msg-failed", retried);
    browser.text("#transcript .msg-failed", "发送失败");
    // the message.failed event reloads the transcript, which then also has the server's record of the failure
    browser.text("#transcript .msg-system-failed", retried);
    browser.screenshot("agent-send-failed");
    browser.visible("#transcript .msg-failed button.retry").click();
    awaitSent(openId, retried);
    browser.await(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#transcript .msg-failed")));
    assertThat(sentTexts(openId)).doesNotContain(note);

    // tags are edited in the customer panel
    browser.visible("#tag-dim").sendKeys("偏好品类");
    browser.visible("#tag-value").sendKeys("数码");
    browser.visible("#tag-add").click();
    browser.text("#tags", "偏好品类：数码");
    JsonObject profile = agentApi.ok(HttpMethod.GET, "/api/customers/" + customerId, null);
    assertThat(profile.getJsonObject("tags").getString("偏好品类")).isEqualTo("数码");

    browser.screenshot("agent-chat");

    // Alt+C closes the chat and the survey goes out
    browser.visible("#composer-input").sendKeys(Keys.chord(Keys.ALT, "c"));
    browser.visible(".dialog button[type=submit]").click();
    browser.text("#chat-pane .state", "已结束");
    awaitSentContaining(openId, "请为本次服务打分");

    // the presence switch
    new Select(browser.visible("#presence")).selectByValue("away");
    browser.await(d -> "away".equals(agentState(agentId)));
    browser.text("#presence-hint", "不会被分配新会话");
  }

  @Test
  void routedChatIsAnnouncedAcceptedWithTheKeyboardAndTheConsoleResyncsAfterADrop() throws Exception {
    String agentId = agent("陈晨", Role.AGENT);
    browser.open(url("/console/#/agent"));
    login(agentId);
    new Select(browser.visible("#presence")).selectByValue("online");
    browser.await(d -> "online".equals(agentState(agentId)));

    // the router gives the chat to the online agent: announced, listed as "to accept", Alt+A accepts it
    String openId = openId();
    customerSays(openId, "转人工");
    String conversationId = browser.attribute("#chat-list .chat-item", "data-id");
    browser.text("#chat-list", "待接入");
    browser.text("#toasts", "新会话");
    browser.driver().findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.ALT, "n"));
    browser.visible("#chat-accept");
    browser.driver().findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.ALT, "a"));
    browser.await(d -> acceptedAt(conversationId) > 0);
    browser.await(ExpectedConditions.invisibilityOfElementLocated(By.id("chat-accept")));

    // a second chat: what its customer writes while another chat is open counts as unread
    String secondOpenId = openId();
    customerSays(secondOpenId, "人工");
    browser.await(d -> d.findElements(By.cssSelector("#chat-list .chat-item")).size() == 2);
    customerSays(secondOpenId, "请尽快处理我的退款");
    browser.text("#chat-list .chat-item:not([data-id='" + conversationId + "']) .unread", "1");

    // the socket drops; what the customer writes meanwhile is there after the reconnect and resync
    browser.script("window.kefuConsole.socket.ws.close()");
    browser.text("#connection", "重连");
    customerSays(openId, "还在吗？我等了好久");
    browser.text("#connection", "已连接");
    browser.text("#transcript", "还在吗？我等了好久");
  }

  @Test
  void supervisorDashboardShowsTheConversationAndItsFirstResponse() throws Exception {
    String agentId = agent("周敏", Role.AGENT);
    String supervisorId = agent("张主管", Role.SUPERVISOR);
    AgentClient supervisorApi = AgentClient.login(vertx, server.port(), supervisorId, PASSWORD);
    long frtBefore = supervisorApi.ok(HttpMethod.GET, "/api/dashboard", null).getJsonObject("frt").getLong("count");

    browser.open(url("/console/#/dashboard"));
    browser.await(ExpectedConditions.urlContains("#/login?next=dashboard"));
    login(supervisorId);
    browser.await(ExpectedConditions.urlContains("#/dashboard"));
    browser.visible("#sla-status-title");

    // an agent (over the API) gets an escalated chat and answers it; the open dashboard follows
    AgentClient agentApi = AgentClient.login(vertx, server.port(), agentId, PASSWORD);
    agentApi.connect();
    agentApi.ok(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", "online"));
    String openId = openId();
    customerSays(openId, "转人工");
    String conversationId = agentApi.next(e -> "chat.assigned".equals(e.getString("type"))
        && openId.equals(e.getJsonObject("conversation").getString("customer"))).getString("conversationId");
    browser.text("#agents tr[data-agent='" + agentId + "']", "1 / 3");
    agentApi.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/messages", new JsonObject().put("text", "您好，请讲"));
    browser.text("#tile-frt", "共 " + (frtBefore + 1) + " 个");
    assertThat(browser.visible("#agents tr[data-agent='" + agentId + "']").getText()).contains("在线");
    browser.text("#groups tr[data-skill='" + skill + "']", skill);
    assertThat(browser.visible("#sla-status").getAttribute("data-status")).isIn("ok", "risk", "breach");
    assertThat(browser.visible("#sla-status-title").getText()).contains("5 分钟 SLA");
    browser.await(d -> !d.findElement(By.id("chart-frt-title")).getText().endsWith("（24 小时）"));
    browser.driver().manage().window().setSize(new Dimension(1440, 1500));
    browser.screenshot("dashboard");
    browser.driver().manage().window().setSize(new Dimension(1440, 900));

    agentApi.ok(HttpMethod.POST, "/api/chats/" + conversationId + "/close", null);
    browser.text("#agents tr[data-agent='" + agentId + "']", "0 / 3");
    agentApi.disconnect();
  }

  @Test
  void pagesNeedLoginAndConsoleApisRefuseCallsWithoutAToken() throws Exception {
    for (String path : List.of("/api/queue", "/api/chats", "/api/me", "/api/dashboard", "/api/dashboard/charts",
        "/api/ops/corpus", "/api/ops/unanswered")) {
      assertThat(get(path, null).statusCode()).as("GET %s without a token", path).isEqualTo(401);
      assertThat(get(path, "forged.token.value").statusCode()).as("GET %s with a forged token", path).isEqualTo(401);
    }
    String plainId = agent("赵客服", Role.AGENT);
    AgentClient plainAgent = AgentClient.login(vertx, server.port(), plainId, PASSWORD);
    assertThat(plainAgent.call(HttpMethod.GET, "/api/dashboard", null).statusCode()).isEqualTo(403);
    assertThat(plainAgent.call(HttpMethod.GET, "/api/ops/corpus", null).statusCode()).isEqualTo(403);

    for (String page : List.of("agent", "dashboard", "ops")) {
      browser.open(url("/console/#/" + page));
      browser.await(ExpectedConditions.urlContains("#/login?next=" + page));
      browser.visible("#login-form");
      assertThat(browser.driver().findElement(By.id("topbar")).isDisplayed()).isFalse();
      assertThat(browser.driver().findElements(By.id("queue-list"))).isEmpty();
    }
    browser.visible("#login-id").sendKeys("nobody");
    browser.visible("#login-password").sendKeys("wrong-password", Keys.ENTER);
    browser.text("#login-error", "账号或密码错误");
    browser.screenshot("login-refused");
    assertThat(browser.script("return sessionStorage.getItem('kefu.token')")).isNull();

    // a plain agent who opens the dashboard is told it needs another role
    browser.script("sessionStorage.clear()");
    browser.open(url("/console/#/dashboard"));
    login(plainId);
    browser.open(url("/console/#/dashboard"));
    browser.text("#view", "没有权限");
  }

  @Test
  void slaColoursAndTheDashboardVerdictFollowTheThresholds() {
    browser.open(url("/console/"));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) browser.asyncScript("""
        const done = arguments[arguments.length - 1];
        Promise.all([import('/console/js/util.js'), import('/console/js/dashboard.js')]).then(([u, d]) => {
          const level = (fraction) => u.slaLevel(0, 300000, fraction * 300000).level;
          const board = (oldestWaitMs, attainment) => d.slaStatus({ slaTarget: 0.8, overload: false,
            sla: { lastHour: { attainment } },
            groups: [{ skill: 'general', queued: 1, oldestWaitMs, expectedWaitMs: 60000, level: 'green' }] }).status;
          done({ levels: [0.1, 0.49, 0.5, 0.79, 0.8, 0.949, 0.95, 0.999, 1.0, 1.5].map(level),
            verdicts: [board(60000, 0.9), board(250000, 0.9), board(300000, 0.9), board(60000, 0.7), board(60000, null)] });
        }).catch((e) => done({ error: String(e) }));
        """);
    assertThat(result.get("error")).isNull();
    assertThat(result.get("levels")).isEqualTo(List.of("ok", "ok", "warn", "warn", "danger", "danger", "critical",
        "critical", "breach", "breach"));
    assertThat(result.get("verdicts")).isEqualTo(List.of("ok", "risk", "breach", "breach", "ok"));
  }

  @Test
  void consoleAndChartLibraryAreServedFromTheJar() throws Exception {
    HttpResponse<Buffer> index = get("/console/", null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.bodyAsString()).contains("客服工作台").contains("webjars/chart.js/4.5.1/dist/chart.umd.min.js");
    HttpResponse<Buffer> chart = get("/console/webjars/chart.js/4.5.1/dist/chart.umd.min.js", null);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.getHeader("Content-Type")).contains("javascript");
    assertThat(get("/console/webjars/chart.js/4.5.1/LICENSE.md", null).bodyAsString()).contains("MIT");
    HttpResponse<Buffer> bare = await(web.get(server.port(), "127.0.0.1", "/console").followRedirects(false).send());
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("/console/");
    assertThat(get("/console/../pom.xml", null).statusCode()).isIn(400, 404);
  }

  // ------------------------------------------------------------------ helpers

  private void login(String id) {
    browser.visible("#login-id").sendKeys(id);
    browser.visible("#login-password").sendKeys(PASSWORD, Keys.ENTER);
    browser.visible("#topbar");
  }

  private String agent(String name, Role role) throws Exception {
    String id = role.name().toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(id, name, Set.of(role), Set.of(skill), 3, false), PASSWORD));
    agents.add(id);
    return id;
  }

  private String agentState(String agentId) {
    try {
      return await(server.handoff().store().agent(agentId)).presence().wire();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long acceptedAt(String conversationId) {
    try {
      return await(server.handoff().store().get(conversationId)).acceptedAt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String openId() {
    return "o" + UUID.randomUUID().toString().replace("-", "");
  }

  private String customerId(String openId) {
    return "wechat:" + account.id() + ":" + openId;
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

  private void awaitSent(String openId, String text) {
    browser.await(d -> sentTexts(openId).contains(text));
  }

  private void awaitSentContaining(String openId, String part) {
    browser.await(d -> sentTexts(openId).stream().anyMatch(t -> t.contains(part)));
  }

  private HttpResponse<Buffer> get(String path, String token) throws Exception {
    var request = web.get(server.port(), "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return await(request.send());
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }
}
