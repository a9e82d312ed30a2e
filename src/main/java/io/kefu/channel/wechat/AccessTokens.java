package io.kefu.channel.wechat;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens of any {@link TokenOwner} (Official Accounts per AppID, WeCom apps per CorpID and secret),
 * cached per {@link TokenOwner#tokenKey()} in memory and in Redis.
 *
 * <ul>
 *   <li>one fetch in flight per AppID per node: concurrent callers share one future;</li>
 *   <li>one fetch per AppID in the cluster: the node holding {@link RedisKeys#accessTokenLock}
 *       calls WeChat, the others wait briefly and re-read {@link RedisKeys#accessToken};</li>
 *   <li>refresh {@link AccessTokenConfig#refreshMargin()} before expiry;</li>
 *   <li>{@link #refreshAfterRejection} refreshes only if the rejected token is still the current
 *       one, so a burst of 40001 answers causes one refresh, not a stampede.</li>
 * </ul>
 */
public final class AccessTokens {
  private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
  private static final LuaScript LOCK_RELEASE = LuaScript.load("token-lock-release");

  private final Vertx vertx;
  private final Redis redis;
  private final WeChatHttpTransport http;
  private final Clock clock;
  private final AccessTokenConfig config;
  private final ApiCallMetrics metrics;
  private final Map<String, StoredToken> local = new ConcurrentHashMap<>();
  private final Map<String, Future<String>> inFlight = new ConcurrentHashMap<>();

  /** A token and when WeChat said it expires. */
  record StoredToken(String token, Instant expiresAt) {
  }

  public AccessTokens(Vertx vertx, Redis redis, WeChatHttpTransport http, Clock clock,
      AccessTokenConfig config, MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.redis = Objects.requireNonNull(redis, "redis");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = new ApiCallMetrics(registry);
  }

  public AccessTokens(Vertx vertx, Redis redis, WeChatHttpTransport http, Clock clock) {
    this(vertx, redis, http, clock, AccessTokenConfig.defaults(), null);
  }

  /** A token valid for at least the refresh margin, from memory, Redis or WeChat in that order. */
  public Future<String> token(TokenOwner account) {
    StoredToken cached = local.get(account.tokenKey());
    if (fresh(cached, null)) {
      return Future.succeededFuture(cached.token());
    }
    return singleFlight(account.tokenKey(), () -> obtain(account, null));
  }

  /**
   * WeChat rejected {@code rejectedToken} (40001/40014/42001): returns the current token if another
   * caller already replaced it, otherwise fetches a new one (with {@code force_refresh=true} on
   * stable_token).
   */
  public Future<String> refreshAfterRejection(TokenOwner account, String rejectedToken) {
    Objects.requireNonNull(rejectedToken, "rejectedToken");
    local.computeIfPresent(account.tokenKey(), (appId, cached) -> cached.token().equals(rejectedToken) ? null : cached);
    StoredToken cached = local.get(account.tokenKey());
    if (fresh(cached, rejectedToken)) {
      return Future.succeededFuture(cached.token());
    }
    return singleFlight(account.tokenKey() + "\u0000rejected\u0000" + rejectedToken,
        () -> obtain(account, rejectedToken));
  }

  private Future<String> singleFlight(String key, Supplier<Future<String>> load) {
    Future<String>[] created = new Future[1];
    Future<String> shared = inFlight.computeIfAbsent(key, k -> {
      created[0] = Future.future(promise -> load.get().onComplete(promise));
      return created[0];
    });
    if (created[0] != null) {
      created[0].onComplete(done -> inFlight.remove(key, created[0]));
    }
    return shared;
  }

  private Future<String> obtain(TokenOwner account, String rejected) {
    return readRedis(account.tokenKey()).compose(stored -> {
      if (fresh(stored, rejected)) {
        return Future.succeededFuture(remember(account.tokenKey(), stored));
      }
      return refreshUnderLock(account, rejected, 1);
    });
  }

  private Future<String> refreshUnderLock(TokenOwner account, String rejected, int attempt) {
    String appId = account.tokenKey();
    String owner = UUID.randomUUID().toString();
    Request lock = Request.cmd(Command.SET).arg(RedisKeys.accessTokenLock(appId)).arg(owner)
        .arg("NX").arg("PX").arg(config.lockTtl().toMillis());
    return redis.send(lock).compose(locked -> {
      if (locked != null && "OK".equals(locked.toString())) {
        return fetchHoldingLock(account, rejected)
            .eventually(() -> LOCK_RELEASE.run(redis, List.of(RedisKeys.accessTokenLock(appId)), List.of(owner)));
      }
      return vertx.timer(config.lockRetryDelay().toMillis())
          .compose(waited -> readRedis(appId))
          .compose(stored -> {
            if (fresh(stored, rejected)) {
              return Future.succeededFuture(remember(appId, stored));
            }
            if (attempt < config.lockAttempts()) {
              return refreshUnderLock(account, rejected, attempt + 1);
            }
            if (stored != null && !stored.token().equals(rejected) && stored.expiresAt().isAfter(clock.instant())) {
              LOG.warn("Token refresh of {} by another node did not finish; using the token expiring at {}",
                  appId, stored.expiresAt());
              return Future.succeededFuture(remember(appId, stored));
            }
            return Future.failedFuture(WeChatApiException.tokenUnavailable(appId,
                "another node holds the refresh lock and produced no token after " + attempt + " attempts"));
          });
    });
  }

  private Future<String> fetchHoldingLock(TokenOwner account, String rejected) {
    // Double-check: another node may have stored a token between our read and our lock.
    return readRedis(account.tokenKey()).compose(stored -> {
      if (fresh(stored, rejected)) {
        return Future.succeededFuture(remember(account.tokenKey(), stored));
      }
      boolean force = rejected != null && (stored == null || stored.token().equals(rejected));
      return RetryLoop.run(vertx, config.fetchRetry(), true, () -> fetchFromWeChat(account, force))
          .compose(fetched -> store(account.tokenKey(), fetched));
    });
  }

  private Future<StoredToken> fetchFromWeChat(TokenOwner account, boolean forceRefresh) {
    TokenOwner.TokenRequest request = account.tokenRequest(forceRefresh);
    String api = request.api();
    Future<JsonObject> answer = request.body() == null
        ? http.get(api, request.path(), request.query())
        : http.post(api, request.path(), request.query(), new JsonObject(request.body()));
    Instant requestedAt = clock.instant();
    return answer.compose(json -> parseToken(api, json, requestedAt))
        .andThen(done -> metrics.record(api, done.cause()))
        .onSuccess(token -> LOG.info("Fetched a new access token for {} from {} (force_refresh={}), expires at {}",
            account.tokenKey(), api, forceRefresh, token.expiresAt()));
  }

  private static Future<StoredToken> parseToken(String api, JsonObject json, Instant requestedAt) {
    int errcode = json.getInteger("errcode", 0);
    if (errcode != 0) {
      return Future.failedFuture(WeChatApiException.fromErrcode(api, errcode, json.getString("errmsg")));
    }
    String token = json.getString("access_token");
    Integer expiresIn = json.getInteger("expires_in");
    if (token == null || token.isEmpty() || expiresIn == null || expiresIn <= 0) {
      return Future.failedFuture(WeChatApiException.transport(api,
          "answer has no access_token/expires_in", true, null));
    }
    return Future.succeededFuture(new StoredToken(token, requestedAt.plusSeconds(expiresIn)));
  }

  private Future<String> store(String appId, StoredToken token) {
    String key = RedisKeys.accessToken(appId);
    long ttlMillis = Math.max(1, Duration.between(clock.instant(), token.expiresAt()).toMillis());
    return redis.send(Request.cmd(Command.HSET).arg(key)
            .arg("token").arg(token.token())
            .arg("expiresAt").arg(token.expiresAt().toEpochMilli()))
        .compose(ok -> redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(ttlMillis)))
        .map(ok -> remember(appId, token));
  }

  private Future<StoredToken> readRedis(String appId) {
    return redis.send(Request.cmd(Command.HMGET).arg(RedisKeys.accessToken(appId)).arg("token").arg("expiresAt"))
        .map(AccessTokens::parseStored);
  }

  private static StoredToken parseStored(Response reply) {
    if (reply == null || reply.size() < 2 || reply.get(0) == null || reply.get(1) == null) {
      return null;
    }
    return new StoredToken(reply.get(0).toString(), Instant.ofEpochMilli(reply.get(1).toLong()));
  }

  private String remember(String appId, StoredToken token) {
    local.put(appId, token);
    return token.token();
  }

  /** Usable now: present, not the rejected one, and valid for longer than the refresh margin. */
  private boolean fresh(StoredToken token, String rejected) {
    return token != null
        && !token.token().equals(rejected)
        && token.expiresAt().minus(config.refreshMargin()).isAfter(clock.instant());
  }
}
