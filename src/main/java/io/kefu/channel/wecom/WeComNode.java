package io.kefu.channel.wecom;

import io.kefu.app.KefuConfig;
import io.kefu.app.KefuMetrics;
import io.kefu.channel.wechat.AccessTokenConfig;
import io.kefu.channel.wechat.AccessTokens;
import io.kefu.channel.wechat.AuthorizedApi;
import io.kefu.channel.wechat.CallbackLimits;
import io.kefu.channel.wechat.PushCallbackHandler;
import io.kefu.channel.wechat.RetryPolicy;
import io.kefu.channel.wechat.WeChatHttpTransport;
import io.kefu.channel.wechat.WindowLedger;
import io.kefu.handoff.CustomerChannel;
import io.kefu.handoff.CustomerTurns;
import io.kefu.store.InboundJournal;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The WeCom parts of one Kefu node, built from the {@code wecom:} configuration: the API client (its own
 * base URL and token cache, the Official Account's window ledger), the channels agents answer through, and,
 * once the hand-off exists, the {@code /wecom/{app}} callback handler and the 微信客服 puller.
 */
public final class WeComNode {
  /** How long one node may pull a kf account before another may take over (renewed every page). */
  private static final Duration PULL_LEASE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final Redis redis;
  private final Clock clock;
  private final KefuConfig.WeComSettings settings;
  private final WeChatHttpTransport http;
  private final WeComApi api;
  private final KfSessions sessions;
  private KfPuller puller;

  public WeComNode(Vertx vertx, Redis redis, Clock clock, KefuConfig.WeComSettings settings, WindowLedger ledger,
                   MeterRegistry registry) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
    this.settings = settings;
    this.http = new WeChatHttpTransport(vertx, settings.apiBase(), WeChatHttpTransport.DEFAULT_TIMEOUT);
    AccessTokens tokens = new AccessTokens(vertx, redis, http, clock, AccessTokenConfig.defaults(), registry);
    this.api = new WeComApi(vertx, new AuthorizedApi(http, tokens, registry), ledger, RetryPolicy.defaults());
    this.sessions = new KfSessions(redis, api);
  }

  public WeComApi api() {
    return api;
  }

  /** Channels for the hand-off, by conversation channel: app members and 微信客服 customers. */
  public Map<String, CustomerChannel> customerChannels() {
    return Map.of(WeComAppChannel.NAME, new WeComMemberChannel(settings.apps(), api),
        KfAccount.CHANNEL, new KfCustomerChannel(settings.kf(), api, sessions));
  }

  /** The {@code /wecom/{app}} handler; 微信客服 items are journaled with {@code kfJournal} (long dedup TTL). */
  public PushCallbackHandler callbacks(CustomerTurns turns, InboundJournal appJournal, InboundJournal kfJournal,
                                       KefuMetrics metrics, CallbackLimits limits, Duration timestampSkew) {
    KfInbox inbox = new KfInbox(api, sessions, kfJournal, turns, metrics, clock);
    puller = new KfPuller(vertx, redis, api, inbox, PULL_LEASE, settings.kfRetryDelay());
    WeComAppChannel channel = new WeComAppChannel(settings.apps(), List.copyOf(settings.kf().values()), api, puller,
        clock, timestampSkew);
    return new PushCallbackHandler(vertx, channel, appJournal, turns, metrics, clock, limits);
  }

  /** The puller (after {@link #callbacks}), e.g. to pull without a doorbell. */
  public KfPuller puller() {
    return puller;
  }

  public Future<Void> close() {
    if (puller != null) {
      puller.close();
    }
    return http.close();
  }
}
