package io.kefu.load;

import io.kefu.app.ConfigParser;
import io.kefu.app.KefuConfig;
import io.kefu.app.KefuMetrics;
import io.kefu.app.KefuServer;
import io.kefu.bot.Decision;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wecom.WeComApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A Kefu node started in this JVM for a load run, on 127.0.0.1 with its own Vert.x, a fresh safe-mode account
 * (unique ids, so runs never share Redis keys) and the fake WeChat API: either the real bot (NLP pipeline) or a
 * constant answer, which gives the ceiling of everything but the NLP.
 */
public final class KefuUnderTest implements AutoCloseable {
  /** The constant bot of the ceiling run. */
  public static final Responder CONSTANT = request -> CompletableFuture.completedFuture(
      new Decision.Answer("您好，您的问题已收到，我们会尽快处理。", "constant"));

  private final Vertx vertx;
  private final KefuServer server;
  private final WeChatAccount account;
  private final PrometheusMeterRegistry registry;

  private KefuUnderTest(Vertx vertx, KefuServer server, WeChatAccount account, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.server = server;
    this.account = account;
    this.registry = registry;
  }

  /**
   * @param responder null for the configured bot (the NLP pipeline), else this bot
   * @param tune      changes to the configuration tree before it is parsed (e.g. hand-off SLAs)
   */
  public static KefuUnderTest start(int port, String redisUrl, String apiBase, Duration replyBudget,
                                    Responder responder, UnaryOperator<JsonObject> tune) throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    JsonObject tree = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("redis", new JsonObject().put("url", redisUrl))
        .put("wechat", new JsonObject().put("apiBase", apiBase).put("replyBudget", replyBudget.toMillis() + "ms"))
        .put("nlp", new JsonObject().put("watch", false))
        .put("accounts", new JsonObject().put("load" + suffix, new JsonObject()
            .put("appId", "wx" + suffix + "load")
            .put("token", "tok" + suffix)
            .put("encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
            .put("secret", "load-secret")
            .put("mode", "safe")))
        // the same node also serves a WeCom self-built app (scenario key channel: wecom); its API is the fake's too
        .put("wecom", new JsonObject().put("apiBase", apiBase).put("apps", new JsonObject().put("load" + suffix,
            new JsonObject().put("corpId", "ww" + suffix).put("agentId", 1000002).put("token", "tok" + suffix)
                .put("encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").put("secret", "load-secret"))));
    KefuConfig config = ConfigParser.parse(tune.apply(tree));
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      KefuServer server = await(KefuServer.start(vertx, config, registry, Clock.systemUTC(), responder), 60);
      KefuUnderTest kefu = new KefuUnderTest(vertx, server, config.accounts().values().iterator().next(), registry);
      kefu.awaitReady(Duration.ofMinutes(3));
      return kefu;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  private void awaitReady(Duration limit) throws Exception {
    long until = System.nanoTime() + limit.toNanos();
    var client = vertx.createHttpClient();
    try {
      while (true) {
        int status = await(client.request(io.vertx.core.http.HttpMethod.GET, server.port(), "127.0.0.1", "/ready")
            .compose(r -> r.send()).map(r -> r.statusCode()).otherwise(0), 10);
        if (status == 200) {
          return;
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException("Kefu not ready within " + limit);
        }
        Thread.sleep(250);
      }
    } finally {
      client.close();
    }
  }

  public int port() {
    return server.port();
  }

  public WeChatAccount account() {
    return account;
  }

  /** The WeCom self-built app the node serves beside the Official Account. */
  public WeComApp wecomApp() {
    return server.config().wecom().apps().values().iterator().next();
  }

  public KefuServer server() {
    return server;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A counter of the node's registry by name and two tags, 0 when never incremented. */
  public long counter(String name, String tag, String value) {
    Counter c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : (long) c.count();
  }

  public long messages(KefuMetrics.Outcome outcome) {
    return counter(KefuMetrics.MESSAGES, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
  }

  public long asyncReplies(String result) {
    return counter(KefuMetrics.ASYNC_REPLIES, "result", result);
  }

  @Override
  public void close() throws Exception {
    try {
      await(server.close(), 30);
    } finally {
      await(vertx.close(), 30);
    }
  }

  static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
