package io.kefu.app;

import io.kefu.bot.KeywordResponder;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.OfficialAccountCodec;
import io.kefu.channel.wechat.OfficialAccountHandler;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatApiClient;
import io.kefu.channel.wechat.WeChatApiConfig;
import io.kefu.channel.wechat.WindowConfig;
import io.kefu.store.EmbeddedRedis;
import io.kefu.store.InboundJournal;
import io.kefu.store.RedisClients;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts everything a Kefu node needs, in order: Redis (embedded or external), the stores and API
 * clients, the responder, then the HTTP verticles. {@link #close()} undoes it.
 */
public final class KefuServer {
  private static final Logger LOG = LoggerFactory.getLogger(KefuServer.class);

  private final Vertx vertx;
  private final KefuConfig config;
  private final EmbeddedRedis embeddedRedis;
  private final Redis redis;
  private final WeChatApiClient api;
  private final String deploymentId;
  private final int port;

  private KefuServer(Vertx vertx, KefuConfig config, EmbeddedRedis embeddedRedis, Redis redis, WeChatApiClient api,
                     String deploymentId, int port) {
    this.vertx = vertx;
    this.config = config;
    this.embeddedRedis = embeddedRedis;
    this.redis = redis;
    this.api = api;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /** Starts a node with the keyword responder. */
  public static Future<KefuServer> start(Vertx vertx, KefuConfig config, PrometheusMeterRegistry registry) {
    return start(vertx, config, registry, Clock.systemUTC(), new KeywordResponder());
  }

  public static Future<KefuServer> start(Vertx vertx, KefuConfig config, PrometheusMeterRegistry registry,
                                         Clock clock, Responder responder) {
    Future<EmbeddedRedis> embedded = config.redis().embedded()
        ? vertx.executeBlocking(() -> EmbeddedRedis.start(config.dataDir(), config.redis().embeddedPort(),
            config.redis().embeddedAppendFsync()))
        : Future.succeededFuture(null);
    return embedded.compose(er -> {
      String url = er != null ? er.connectionString() : config.redis().url();
      Redis redis = RedisClients.create(vertx, url, config.redis());
      KefuMetrics metrics = new KefuMetrics(registry);
      KefuConfig.WeChatSettings wechat = config.wechat();

      InboundJournal journal = new InboundJournal(redis, clock, wechat.replyBudget().plusSeconds(10), wechat.dedupTtl());
      WindowConfig defaults = WindowConfig.defaults();
      WindowConfig window = new WindowConfig(new WindowConfig.Rule(wechat.windowMessages(), wechat.windowDuration()),
          defaults.menuClick(), defaults.subscribe(), defaults.scan(), defaults.ttlSlack());
      WeChatApiConfig apiConfig = WeChatApiConfig.defaults().withBaseUrl(wechat.apiBase()).withWindow(window);
      WeChatApiClient api = WeChatApiClient.create(vertx, redis, clock, apiConfig, registry);
      Map<String, OfficialAccountCodec> codecs = new LinkedHashMap<>();
      for (WeChatAccount account : config.accounts().values()) {
        codecs.put(account.id(), new OfficialAccountCodec(account, clock, wechat.timestampSkew()));
      }
      OfficialAccountHandler wechatHandler = new OfficialAccountHandler(vertx, codecs, journal, responder, api, metrics,
          clock, wechat.replyBudget(), wechat.maxBodyBytes());

      int instances = config.http().port() == 0 ? 1
          : config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
      AtomicInteger boundPort = new AtomicInteger();
      HttpVerticle.Routes routes = new HttpVerticle.Routes(registry, redis, responder, wechatHandler);
      return vertx.deployVerticle(() -> new HttpVerticle(config.http(), routes, boundPort),
              new DeploymentOptions().setInstances(instances))
          .map(id -> {
            LOG.info("Kefu listening on {}:{} ({} HTTP verticles, {} account(s): {}, Redis {})",
                config.http().host(), boundPort.get(), instances, codecs.size(), codecs.keySet(),
                er != null ? "embedded " + url : url);
            return new KefuServer(vertx, config, er, redis, api, id, boundPort.get());
          })
          .onFailure(err -> {
            api.close();
            redis.close();
            if (er != null) {
              er.close();
            }
          });
    });
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int port() {
    return port;
  }

  public KefuConfig config() {
    return config;
  }

  public Redis redis() {
    return redis;
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId)
        .eventually(api::close)
        .eventually(() -> {
          redis.close();
          if (embeddedRedis != null) {
            return vertx.executeBlocking(() -> {
              embeddedRedis.close();
              return null;
            });
          }
          return Future.succeededFuture();
        })
        .mapEmpty();
  }
}
