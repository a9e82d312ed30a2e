package io.kefu.app;

import io.kefu.agent.AgentServices;
import io.kefu.agent.AgentSocketHub;
import io.kefu.agent.SocketLeasePolicy;
import io.kefu.agent.SocketLeases;
import io.kefu.agent.ChatApi;
import io.kefu.channel.wecom.WeComNode;
import io.kefu.handoff.ChannelRouter;
import io.kefu.handoff.CustomerChannel;
import io.kefu.handoff.CustomerTurns;
import io.kefu.handoff.HandoffNode;
import io.kefu.handoff.WeChatCustomerChannel;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.bot.AdmissionGate;
import io.kefu.bot.BotPolicyConfig;
import io.kefu.kb.EmbeddingAdapterTrainer;
import io.kefu.kb.FaqIndex;
import io.kefu.bot.KeywordResponder;
import io.kefu.bot.LiveCorpus;
import io.kefu.bot.NlpResponder;
import io.kefu.bot.OverloadSignal;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.CallbackLimits;
import io.kefu.channel.wechat.OfficialAccountChannel;
import io.kefu.channel.wechat.PushCallbackHandler;
import io.kefu.channel.wechat.WeChatApiClient;
import io.kefu.channel.wechat.WeChatApiConfig;
import io.kefu.channel.wechat.WindowConfig;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.NlpPipeline;
import io.kefu.ops.AdminHandler;
import io.kefu.ops.CorpusWatcher;
import io.kefu.ops.OpsApi;
import io.kefu.report.DashboardApi;
import io.kefu.report.ReportQueries;
import io.kefu.report.ReportWindows;
import io.kefu.store.EmbeddedRedis;
import io.kefu.store.InboundJournal;
import io.kefu.store.RedisClients;
import io.kefu.store.RedisDialogueMemory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts everything a Kefu node needs, in order: Redis (embedded or external), the stores and API
 * clients, the bot, then the HTTP verticles. {@link #close()} undoes it.
 */
public final class KefuServer {
  private static final Logger LOG = LoggerFactory.getLogger(KefuServer.class);
  /**
   * A live node completes every claim within the reply budget (it answers 'success' when the bot is late), so a
   * claim still pending this long after the budget belongs to a node that died: WeChat's next retry (5 s after
   * the first delivery) takes it over.
   */
  static final java.time.Duration CLAIM_LEASE_MARGIN = java.time.Duration.ofSeconds(2);
  /** How often the report counters counted in memory are added to Redis. */
  static final Duration REPORT_FLUSH = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final KefuConfig config;
  private final Redis redis;
  private final LiveCorpus corpus;
  private final OverloadSignal overload;
  private final AgentServices agents;
  private final HandoffNode handoff;
  private final SocketLeases sockets;
  private final String deploymentId;
  private final int port;
  private final List<AutoCloseable> resources;

  private KefuServer(Vertx vertx, KefuConfig config, Redis redis, LiveCorpus corpus, OverloadSignal overload,
                     AgentServices agents, HandoffNode handoff, SocketLeases sockets, String deploymentId, int port,
                     List<AutoCloseable> resources) {
    this.handoff = handoff;
    this.sockets = sockets;
    this.vertx = vertx;
    this.config = config;
    this.redis = redis;
    this.corpus = corpus;
    this.overload = overload;
    this.agents = agents;
    this.deploymentId = deploymentId;
    this.port = port;
    this.resources = resources;
  }

  /** Starts a node with the bot the configuration asks for (the NLP pipeline by default). */
  public static Future<KefuServer> start(Vertx vertx, KefuConfig config, PrometheusMeterRegistry registry) {
    return start(vertx, config, registry, Clock.systemUTC(), null);
  }

  /** @param responder the bot to use, or null for the one the configuration asks for */
  public static Future<KefuServer> start(Vertx vertx, KefuConfig config, PrometheusMeterRegistry registry,
                                         Clock clock, Responder responder) {
    List<AutoCloseable> resources = new ArrayList<>();
    Future<EmbeddedRedis> embedded = config.redis().embedded()
        ? vertx.executeBlocking(() -> EmbeddedRedis.start(config.dataDir(), config.redis().embeddedPort(),
            config.redis().embeddedAppendFsync()))
        : Future.succeededFuture(null);
    return embedded.compose(er -> {
      if (er != null) {
        resources.add(er);
      }
      String url = er != null ? er.connectionString() : config.redis().url();
      Redis redis = RedisClients.create(vertx, url, config.redis());
      resources.add(0, redis::close);
      KefuMetrics metrics = new KefuMetrics(registry, config.handoff().sla().standard());
      KefuConfig.WeChatSettings wechat = config.wechat();

      OverloadSignal overload = new OverloadSignal();
      LiveCorpus corpus = null;
      Responder bot = responder;
      if (bot == null && config.nlp().enabled()) {
        try {
          corpus = nlpCorpus(config.nlp(), resources, clock);
        } catch (CorpusException e) {
          resources.forEach(KefuServer::closeQuietly);
          return Future.failedFuture(new ConfigException(List.of("corpus: " + e.getMessage())));
        }
        bot = nlpResponder(vertx, config.nlp(), corpus, redis, overload, clock, resources);
      } else if (bot == null) {
        bot = new KeywordResponder();
      }

      InboundJournal journal = new InboundJournal(redis, clock, wechat.replyBudget().plus(CLAIM_LEASE_MARGIN),
          wechat.dedupTtl(), config.handoff().reopenWindow());
      WindowConfig defaults = WindowConfig.defaults();
      WindowConfig window = new WindowConfig(new WindowConfig.Rule(wechat.windowMessages(), wechat.windowDuration()),
          defaults.menuClick(), defaults.subscribe(), defaults.scan(), defaults.ttlSlack());
      WeChatApiConfig apiConfig = WeChatApiConfig.defaults().withBaseUrl(wechat.apiBase()).withWindow(window);
      WeChatApiClient api = WeChatApiClient.create(vertx, redis, clock, apiConfig, registry);
      resources.add(0, api::close);

      WeComNode wecom = new WeComNode(vertx, redis, clock, config.wecom(), api.ledger(), registry);
      resources.add(0, wecom::close);
      Map<String, CustomerChannel> channels = new LinkedHashMap<>(wecom.customerChannels());
      channels.put(OfficialAccountChannel.NAME, new WeChatCustomerChannel(config.accounts(), api));
      CustomerChannel customerChannel = new ChannelRouter(channels);
      HandoffNode handoff = new HandoffNode(vertx, redis, url, journal, customerChannel, metrics, config.handoff(), clock,
          overload);
      resources.add(0, handoff);
      CustomerTurns turns = new CustomerTurns(vertx, bot, handoff.service(), handoff.reports(), journal, clock);
      long reportFlush = vertx.setPeriodic(REPORT_FLUSH.toMillis(), t -> handoff.reports().flush());
      resources.add(0, () -> {
        vertx.cancelTimer(reportFlush);
        handoff.reports().flush();
      });
      // 微信客服 cursors replay up to 3 days: its msgids are remembered much longer than callback retries
      InboundJournal kfJournal = new InboundJournal(redis, clock, Duration.ofSeconds(60), config.wecom().kfDedupTtl(),
          config.handoff().reopenWindow());
      CallbackLimits limits = new CallbackLimits(wechat.replyBudget(), wechat.claimTimeout(), wechat.maxClaiming(),
          wechat.pendingLease(), wechat.maxBodyBytes());
      List<PushCallbackHandler> callbacks = List.of(
          new PushCallbackHandler(vertx, new OfficialAccountChannel(config.accounts(), api, clock, wechat.timestampSkew()),
              journal, turns, metrics, clock, limits),
          wecom.callbacks(turns, journal, kfJournal, metrics, limits, wechat.timestampSkew()));
      callbacks.forEach(callback -> resources.add(0, callback.startSweeper()));
      AdminHandler admin = new AdminHandler(config.adminToken(), corpus);

      int instances = config.http().port() == 0 ? 1
          : config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
      AtomicInteger boundPort = new AtomicInteger();
      LiveCorpus liveCorpus = corpus;
      Responder answering = bot;
      return AgentServices.start(vertx, redis, clock, config.agents()).compose(agents -> {
        ChatApi chats = new ChatApi(agents.auth(), agents.audit(), handoff.service(), journal,
            customerChannel, handoff.customers(), handoff.canned(),
            knowledgeBase(config.nlp(), liveCorpus), handoff.surveys(), handoff.staffing(), clock);
        SocketLeases leases = new SocketLeases(vertx, redis, clock, handoff.nodeId(),
            new SocketLeasePolicy(config.handoff().socketLease(), config.handoff().disconnectGrace()));
        resources.add(0, leases);
        AgentSocketHub sockets = new AgentSocketHub(agents.auth(), handoff.service(), handoff.events(), chats,
            clock, leases);
        DashboardApi dashboard = new DashboardApi(agents.auth(), agents.directory(), handoff.store(), handoff.staffing(),
            config.handoff(), handoff.surveys(), new ReportQueries(redis),
            new ReportWindows(clock, ReportWindows.DEFAULT_ZONE), overload);
        OpsApi ops = new OpsApi(vertx, agents.auth(), agents.audit(), liveCorpus, config.nlp().intentsDir(),
            config.nlp().kbDir(), IntentCorpusLoader.Limits.DEFAULT, handoff.reports().unanswered());
        HttpVerticle.Routes routes = new HttpVerticle.Routes(registry, redis, answering, callbacks, admin, agents,
            chats, sockets, dashboard, ops);
        return vertx.deployVerticle(() -> new HttpVerticle(config.http(), routes, boundPort),
                new DeploymentOptions().setInstances(instances))
            .map(id -> {
              LOG.info("Kefu listening on {}:{} ({} HTTP verticles, Official Accounts {}, WeCom apps {}, 微信客服 {},"
                  + " Redis {}, bot {})", config.http().host(), boundPort.get(), instances, config.accounts().keySet(),
                  config.wecom().apps().keySet(), config.wecom().kf().keySet(),
                  er != null ? "embedded " + url : url, routes.responder().getClass().getSimpleName());
              return new KefuServer(vertx, config, redis, liveCorpus, overload, agents, handoff, leases, id,
                  boundPort.get(), resources);
            });
      }).onFailure(err -> resources.forEach(KefuServer::closeQuietly));
    });
  }

  private static LiveCorpus nlpCorpus(KefuConfig.NlpSettings nlp, List<AutoCloseable> resources, Clock clock)
      throws CorpusException {
    ExecutorService buildThread = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "kefu-corpus-build");
      thread.setDaemon(true);
      return thread;
    });
    resources.add(buildThread::shutdownNow);
    BotPolicyConfig policy = new BotPolicyConfig(nlp.intentConfidence(), nlp.intentMargin(), nlp.faqScore(),
        nlp.faqMargin(), BotPolicyConfig.DEFAULT.overrideConfidence(), BotPolicyConfig.DEFAULT.missesBeforeHuman(),
        BotPolicyConfig.DEFAULT.memory(), nlp.overloadConfidence(), nlp.overloadMinPrecision(),
        nlp.overloadMinSamples());
    LiveCorpus corpus = new LiveCorpus(nlp.intentsDir(), nlp.kbDir(), IntentCorpusLoader.Limits.DEFAULT, SharedModels::get,
        pipelineOptions(nlp), policy, buildThread, clock);
    corpus.validate();
    corpus.reload().whenComplete((loaded, err) -> {
      if (err != null) {
        LOG.error("The corpus could not be built; the keyword table answers until a reload succeeds", err);
      }
    });
    if (nlp.watch()) {
      try {
        resources.add(CorpusWatcher.start(List.of(nlp.intentsDir(), nlp.kbDir()), corpus::reload));
      } catch (IOException e) {
        LOG.warn("Cannot watch the corpus directories ({}); use POST /admin/corpus/reload", e.toString());
      }
    }
    return corpus;
  }

  private static Responder nlpResponder(Vertx vertx, KefuConfig.NlpSettings nlp, LiveCorpus corpus, Redis redis,
                                        OverloadSignal overload, Clock clock, List<AutoCloseable> resources) {
    int workers = nlp.workers() > 0 ? nlp.workers() : Runtime.getRuntime().availableProcessors();
    WorkerExecutor pool = vertx.createSharedWorkerExecutor("kefu-nlp", workers, 30, TimeUnit.SECONDS);
    resources.add(0, pool::close);
    java.util.concurrent.Executor executor = task -> pool.executeBlocking(() -> {
      task.run();
      return null;
    }, false);
    return new NlpResponder(corpus, new RedisDialogueMemory(redis, BotPolicyConfig.DEFAULT.memory()), executor,
        new AdmissionGate(nlp.maxInFlight(), workers, nlp.maxWait()), overload, new KeywordResponder(), clock);
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

  /** The live corpus, or null when the NLP pipeline is off. */
  public LiveCorpus corpus() {
    return corpus;
  }

  /**
   * This node's overload signal: set it while the predicted wait for a human exceeds the SLA, and the NLP bot
   * answers its precise intents at lowered confidence (no effect with the keyword bot or a given responder).
   */
  public OverloadSignal overload() {
    return overload;
  }

  /** Hand-off to humans on this node: queues, routing, SLA timers, customers, surveys. */
  public HandoffNode handoff() {
    return handoff;
  }

  /** The FAQ knowledge base for canned replies: the live corpus's, or read once from disk without NLP. */
  private static java.util.function.Supplier<FaqCorpus> knowledgeBase(KefuConfig.NlpSettings nlp, LiveCorpus live) {
    if (live != null) {
      return () -> {
        io.kefu.bot.LoadedCorpus loaded = live.get();
        return loaded == null ? null : loaded.pipeline().faqIndex().corpus();
      };
    }
    FaqCorpus fromDisk;
    try {
      fromDisk = new FaqCorpusLoader().load(nlp.kbDir(), null);
    } catch (CorpusException | RuntimeException e) {
      LOG.warn("Knowledge base {} not loaded for canned replies: {}", nlp.kbDir(), e.getMessage());
      fromDisk = null;
    }
    FaqCorpus kb = fromDisk;
    return () -> kb;
  }

  /** Agent accounts, authentication and audit log (for the agent API and the agent WebSocket). */
  public AgentServices agents() {
    return agents;
  }

  /** The leases of this node's console sockets (a test halts them to play a node that died). */
  public SocketLeases sockets() {
    return sockets;
  }

  public Future<Void> close() {
    sockets.halt();                          // before the sockets close: the nodes that stay release them
    return vertx.undeploy(deploymentId)
        .eventually(() -> vertx.executeBlocking(() -> {
          resources.forEach(KefuServer::closeQuietly);
          return null;
        }))
        .mapEmpty();
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("Closing {} failed: {}", resource, e.toString());
    }
  }

  /** The default pipeline options with the FAQ embedding adapter switched by {@code nlp.faqAdapter}. */
  private static NlpPipeline.Options pipelineOptions(KefuConfig.NlpSettings nlp) {
    NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
    FaqIndex.Config faq = d.faq().withAdapter(nlp.faqAdapter() ? EmbeddingAdapterTrainer.Config.DEFAULT : null);
    return new NlpPipeline.Options(d.features(), d.classifier(), faq, d.topIntents(), d.topFaqs(), d.cacheSize());
  }
}
