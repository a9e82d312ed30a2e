package io.kefu.app;

import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wecom.KfAccount;
import io.kefu.channel.wecom.WeComApp;
import io.kefu.handoff.HandoffSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Typed, validated configuration. Built by {@link ConfigParser}; see {@code config/kefu.yaml} for the keys. */
public record KefuConfig(
    Http http,
    Path dataDir,
    RedisSettings redis,
    WeChatSettings wechat,
    NlpSettings nlp,
    String adminToken,
    Map<String, WeChatAccount> accounts,
    AgentSettings agents,
    HandoffSettings handoff,
    WeComSettings wecom) {

  /** @param instances HTTP verticle instances (0 = one per core) */
  public record Http(String host, int port, int instances) {
  }

  /**
   * @param url                connection string of an external Redis; null starts the embedded one
   * @param maxPoolSize        pooled connections per node
   * @param maxPoolWaiting     callers that may wait for a pooled connection
   * @param maxWaitingHandlers pipelined commands waiting on one connection
   * @param embeddedPort       port of the embedded Redis (when {@code url} is null)
   */
  public record RedisSettings(String url, int maxPoolSize, int maxPoolWaiting, int maxWaitingHandlers,
                              int embeddedPort, String embeddedAppendFsync) {
    public boolean embedded() {
      return url == null;
    }
  }

  /**
   * @param enabled          false answers with the keyword table only (no models loaded)
   * @param intentsDir       the intent corpus
   * @param kbDir            the FAQ knowledge base
   * @param workers          threads of the {@code kefu-nlp} worker pool (0 = one per core)
   * @param maxInFlight      turns admitted to the pool at once; beyond it the keyword table answers
   * @param maxWait          longest a never-seen text may wait for a worker (expected at the door, checked when it
   *                         starts); beyond it the keyword table answers
   * @param watch            rebuild when a file under the corpus directories changes
   * @param intentConfidence default confidence an intent needs to be answered
   * @param intentMargin     lead over the runner-up intent needed to answer
   * @param faqScore         FAQ score needed to answer from the knowledge base
   * @param faqMargin        FAQ lead over the runner-up needed to answer
   * @param overloadConfidence   while agents are overloaded, confidence at which a precise intent is answered
   * @param overloadMinPrecision golden-set precision an intent needs for that
   * @param overloadMinSamples   golden-set predictions of the intent needed before its precision counts
   * @param faqAdapter       train an embedding adapter from the FAQ's question/paraphrase pairs at every corpus build
   */
  public record NlpSettings(boolean enabled, Path intentsDir, Path kbDir, int workers, int maxInFlight, Duration maxWait,
                            boolean watch,
                            double intentConfidence, double intentMargin, double faqScore, double faqMargin,
                            double overloadConfidence, double overloadMinPrecision, int overloadMinSamples,
                            boolean faqAdapter) {
  }

  /**
   * @param apiBase        base URL of the WeChat API (tests point it at a fake server)
   * @param replyBudget    how long a callback waits for the bot before answering {@code success}
   * @param timestampSkew  largest accepted distance between a push's timestamp and now (replay protection)
   * @param dedupTtl       how long a push id is remembered (covers WeChat's retries)
   * @param maxBodyBytes   size cap of a callback body
   * @param windowMessages customer-service messages allowed per user message
   * @param windowDuration how long a user message keeps the customer-service window open
   * @param claimTimeout   from a callback's arrival, how long its claim in Redis may take before it is refused (503)
   * @param maxClaiming    callbacks per node being decoded and claimed at once; beyond, refused at arrival (503)
   * @param pendingLease   how long a node owns an acknowledged answer still to be sent before another adopts it
   */
  public record WeChatSettings(String apiBase, Duration replyBudget, Duration timestampSkew, Duration dedupTtl,
                               int maxBodyBytes, int windowMessages, Duration windowDuration, Duration claimTimeout,
                               int maxClaiming, Duration pendingLease) {
  }

  /**
   * @param jwtSecret          HS256 signing secret of agent tokens; null = a random one shared through Redis
   * @param tokenTtl           how long an agent token is valid
   * @param passwordIterations PBKDF2 iterations of new password hashes
   * @param bootstrapAdmin     id of the admin created on first start
   * @param bootstrapPassword  that admin's password; null = no bootstrap admin
   */
  public record AgentSettings(String jwtSecret, Duration tokenTtl, int passwordIterations, String bootstrapAdmin,
                              String bootstrapPassword) {
  }

  /**
   * @param apiBase      base URL of the WeCom API (tests point it at a fake server)
   * @param kfDedupTtl   how long a 微信客服 msgid is remembered (cursor replays reach back 3 days)
   * @param kfRetryDelay wait before a failed {@code kf/sync_msg} pull is tried again from the saved cursor
   * @param apps         self-built apps by id ({@code /wecom/{id}})
   * @param kf           微信客服 accounts by id
   */
  public record WeComSettings(String apiBase, Duration kfDedupTtl, Duration kfRetryDelay, Map<String, WeComApp> apps,
                              Map<String, KfAccount> kf) {
  }
}
