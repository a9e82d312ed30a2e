package io.kefu.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.Role;
import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.channel.wechat.FakeWeChatApi;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.kefu.handoff.AgentClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The ops page in a real browser over the real bot (the shipped corpus, copied to a temporary directory so the
 * edits never touch the repository): a question the bot cannot answer shows up grouped, is added as an intent
 * example (written to the intent file, corpus reloaded), and a broken corpus file is reported on reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsPageBrowserTest {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private static final String PASSWORD = "password-123";
  private static final Duration REBUILD = Duration.ofMinutes(5);

  private Path temp;
  private Vertx vertx;
  private WebClient web;
  private FakeWeChatApi fakeApi;
  private KefuServer server;
  private WeChatAccount account;
  private WeChatPeer peer;
  private Path intents;
  private HeadlessChromium browser;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.requireInstalled();
    temp = Files.createTempDirectory("kefu-ops-test-");
    intents = copy(Path.of("intents"), temp.resolve("intents"));
    Path kb = copy(Path.of("kb"), temp.resolve("kb"));
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    fakeApi = await(FakeWeChatApi.start(vertx));
    JsonObject tree = TestServers.config(fakeApi.baseUrl(), "safe")
        .put("agents", new JsonObject().put("passwordIterations", 1000))
        .put("nlp", new JsonObject().put("watch", false).put("intentsDir", intents.toString()).put("kbDir", kb.toString()));
    tree.getJsonObject("wechat").put("replyBudget", "4s");
    KefuConfig config = ConfigParser.parse(tree);
    account = config.accounts().values().iterator().next();
    peer = new WeChatPeer(account);
    server = await(KefuServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (await(web.get(server.port(), "127.0.0.1", "/ready").send()).statusCode() != 200) {
      assertThat(System.nanoTime()).as("ready within 180 s").isLessThan(deadline);
      Thread.sleep(250);
    }
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
    if (temp != null) {
      try (Stream<Path> paths = Files.walk(temp)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void unansweredQuestionBecomesAnIntentExampleAndABrokenCorpusIsReported() throws Exception {
    String opsId = "ops" + UUID.randomUUID().toString().substring(0, 6);
    await(server.agents().directory().create(new AgentAccount(opsId, "运营小刘", Set.of(Role.OPS), Set.of("general"), 3,
        false), PASSWORD));
    AgentClient ops = AgentClient.login(vertx, server.port(), opsId, PASSWORD);
    String versionBefore = ops.ok(HttpMethod.GET, "/api/ops/corpus", null).getString("version");

    String marker = "Q" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    String question = "请问火星仓库" + marker + "号门几点开门";
    String openId = "o" + UUID.randomUUID().toString().replace("-", "");
    customerSays(openId, question);
    browser.await(d -> {
      try {
        return ops.ok(HttpMethod.GET, "/api/ops/unanswered?limit=200", null).encode().contains(marker);
      } catch (Exception e) {
        return false;
      }
    });

    browser.open("http://127.0.0.1:" + server.port() + "/console/#/ops");
    browser.await(ExpectedConditions.urlContains("#/login?next=ops"));
    browser.visible("#login-id").sendKeys(opsId);
    browser.visible("#login-password").sendKeys(PASSWORD, Keys.ENTER);
    browser.text("#corpus-version", versionBefore);
    browser.text("#corpus", "意图");
    String group = "#unanswered .u-group[data-id='" + groupIdOf(marker) + "']";
    browser.text(group, question);
    browser.driver().manage().window().setSize(new Dimension(1440, 1300));
    browser.screenshot("ops");

    // add it as an example of an intent: written to the intent file, the corpus reloaded
    String intent = ops.ok(HttpMethod.GET, "/api/ops/intents", null).getJsonArray("intents").getJsonObject(0)
        .getString("name");
    WebElement intentField = browser.visible(group + " input[name=intent]");
    intentField.clear();
    intentField.sendKeys(intent);
    browser.visible(group + " .u-action button.btn-primary").click();
    browser.text(group, "正在保存");
    // rebuilding the shipped corpus (segmentation, embeddings, training) takes a minute on a busy machine
    browser.await(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(group)), REBUILD);
    browser.await(d -> !d.findElement(By.id("corpus-version")).getText().equals(versionBefore), REBUILD);
    assertThat(intentFiles()).anyMatch(text -> text.contains(question));
    assertThat(ops.ok(HttpMethod.GET, "/api/ops/unanswered?limit=200", null).encode()).doesNotContain(marker);

    // a broken file: the reload is refused and the page lists the problem with its file and line
    Path broken = intents.resolve("zz-broken.yml");
    Files.writeString(broken, "intents:\n  - name: broken\n    examples: [unclosed\n", StandardCharsets.UTF_8);
    try {
      browser.visible("#reload").click();
      browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("corpus-problems"), "zz-broken.yml"), REBUILD);
      browser.screenshot("ops-reload-refused");
    } finally {
      Files.delete(broken);
    }
  }

  private String groupIdOf(String marker) throws Exception {
    return browser.await(d -> (String) browser.script("""
        const groups = document.querySelectorAll('#unanswered .u-group');
        for (const g of groups) if (g.textContent.includes(arguments[0])) return g.dataset.id;
        return null;""", marker));
  }

  private Stream<String> intentFiles() throws Exception {
    try (Stream<Path> files = Files.list(intents)) {
      return files.map(p -> {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).toList().stream();
    }
  }

  private void customerSays(String openId, String text) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, text, MSG_IDS.incrementAndGet()),
        openId, WeChatAccount.MessageMode.SAFE, now);
    HttpResponse<Buffer> r = await(web.request(HttpMethod.POST, server.port(), "127.0.0.1",
        "/wechat/" + account.id() + "?" + push.query()).sendBuffer(Buffer.buffer(push.body())));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  private static Path copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
