package io.kefu.agent;

import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent tokens: HS256 JWTs carrying sub, name, roles and groups. The signing secret is configured or,
 * when not, created once in Redis and shared by every node, so any node accepts any node's tokens.
 *
 * <p>Creating it never needs Redis when a secret is configured; otherwise a node started while Redis
 * is down reads the shared secret on first use.
 *
 * <p>A valid signature is not enough: the account is re-read (cached for at most
 * {@link #ACCOUNT_CACHE}), so disabling an agent or changing their roles takes effect within seconds,
 * and the {@link AgentPrincipal} reflects the account as it is now, not as the token says.
 */
public final class AgentAuth {
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(12);
  /** How long an account read for token checks is reused. */
  public static final Duration ACCOUNT_CACHE = Duration.ofSeconds(5);
  /** Where {@link #authenticate()} puts the {@link AgentPrincipal}. */
  public static final String CONTEXT_KEY = "agent";
  private static final String ISSUER = "kefu";
  private static final String AUDIENCE = "kefu-agent";
  private static final Logger LOG = LoggerFactory.getLogger(AgentAuth.class);
  private static final Pattern JWT_SHAPE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  private final Vertx vertx;
  private final Redis redis;
  /** Null until the shared secret could be read from Redis. */
  private volatile JWTAuth jwt;
  private final Duration tokenTtl;
  private final Clock clock;
  private final ConcurrentHashMap<String, CachedAccount> accounts = new ConcurrentHashMap<>();

  /** @param account null when there is no such account */
  private record CachedAccount(AgentAccount account, long readAtMillis) {
  }

  private AgentAuth(Vertx vertx, Redis redis, String secret, Duration tokenTtl, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.jwt = secret == null ? null : provider(vertx, secret);
    this.tokenTtl = tokenTtl;
    this.clock = clock;
  }

  private static JWTAuth provider(Vertx vertx, String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).addAudience(AUDIENCE)));
  }

  /**
   * @param configuredSecret the signing secret, or null/blank for the one shared through Redis
   * @param tokenTtl         how long an issued token is valid ({@link #DEFAULT_TOKEN_TTL} when null)
   */
  public static Future<AgentAuth> create(Vertx vertx, Redis redis, String configuredSecret, Duration tokenTtl) {
    return create(vertx, redis, configuredSecret, tokenTtl, Clock.systemUTC());
  }

  /** As {@link #create(Vertx, Redis, String, Duration)}, with the clock that times the account cache. */
  public static Future<AgentAuth> create(Vertx vertx, Redis redis, String configuredSecret, Duration tokenTtl,
                                         Clock clock) {
    Duration ttl = tokenTtl == null ? DEFAULT_TOKEN_TTL : tokenTtl;
    if (ttl.isNegative() || ttl.isZero()) {
      return Future.failedFuture(new IllegalArgumentException("tokenTtl: must be positive"));
    }
    if (configuredSecret != null && !configuredSecret.isBlank()) {
      return Future.succeededFuture(new AgentAuth(vertx, redis, configuredSecret, ttl, clock));
    }
    AgentAuth auth = new AgentAuth(vertx, redis, null, ttl, clock);
    return auth.ready().recover(err -> {
      LOG.warn("The shared agent token secret cannot be read from Redis yet ({}); retrying on first use",
          err.toString());
      return Future.succeededFuture();
    }).map(auth);
  }

  /**
   * Succeeds once tokens can be issued and checked. Only a node without a configured secret has to
   * wait: it reads the shared secret from Redis (so a node started while Redis was down works once Redis is back).
   */
  public Future<Void> ready() {
    return provider().mapEmpty();
  }

  private Future<JWTAuth> provider() {
    JWTAuth loaded = jwt;
    if (loaded != null) {
      return Future.succeededFuture(loaded);
    }
    return sharedSecret(redis).map(secret -> {
      if (jwt == null) {
        jwt = provider(vertx, secret);
      }
      return jwt;
    });
  }

  /** The secret every node uses: the first node to start stores a random one, the others read it. */
  private static Future<String> sharedSecret(Redis redis) {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.jwtSecret()).arg(candidate).arg("NX"))
        .compose(ignored -> redis.send(Request.cmd(Command.GET).arg(RedisKeys.jwtSecret())))
        .compose(stored -> stored == null
            ? Future.failedFuture(new IllegalStateException(RedisKeys.jwtSecret() + " vanished right after SET NX"))
            : Future.succeededFuture(stored.toString()));
  }

  public Duration tokenTtl() {
    return tokenTtl;
  }

  /**
   * A signed token for {@code account}, valid for {@link #tokenTtl()}.
   *
   * @throws ApiException 503 when the shared secret is not loaded yet (wait for {@link #ready()} first)
   */
  public String issue(AgentAccount account) {
    JWTAuth jwt = this.jwt;
    if (jwt == null) {
      throw unavailable();
    }
    JsonObject claims = new JsonObject()
        .put("sub", account.id())
        .put("name", account.name())
        .put("roles", new JsonArray(AgentAccount.roleNames(account.roles())))
        .put("groups", new JsonArray(new ArrayList<>(account.groups())));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).addAudience(AUDIENCE)
        .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, tokenTtl.toSeconds())));
  }

  /**
   * The agent a token belongs to. Fails with a 401 {@link ApiException} when the token is missing,
   * malformed, badly signed or expired, or when its account is gone or disabled.
   */
  public Future<AgentPrincipal> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(ApiErrors.unauthorized("missing token"));
    }
    return provider()
        .recover(err -> Future.failedFuture(unavailable()))
        .compose(provider -> provider.authenticate(new TokenCredentials(token))
            .recover(err -> Future.failedFuture(ApiErrors.unauthorized("invalid or expired token"))))
        .compose(user -> {
          String id = user.principal().getString("sub");
          if (!AgentAccount.isValidId(id)) {
            return Future.failedFuture(ApiErrors.unauthorized("invalid or expired token"));
          }
          return currentAccount(id);
        })
        .compose(account -> account == null || account.disabled()
            ? Future.failedFuture(new ApiException(401, "account_disabled", "账号已停用或不存在，请重新登录"))
            : Future.succeededFuture(AgentPrincipal.of(account)));
  }

  /**
   * Route handler: takes the bearer token of the Authorization header, puts the {@link AgentPrincipal}
   * under {@link #CONTEXT_KEY} and continues; refuses with 401 JSON otherwise. Mount it after the body
   * handler on routes that read a body.
   */
  public Handler<RoutingContext> authenticate() {
    return ctx -> {
      String token = bearerToken(ctx.request());
      if (token == null) {
        ApiErrors.send(ctx, ApiErrors.unauthorized("missing bearer token (Authorization: Bearer <token>)"));
        return;
      }
      verify(token).onComplete(ar -> {
        if (ar.succeeded()) {
          ctx.put(CONTEXT_KEY, ar.result());
          ctx.next();
        } else {
          ApiErrors.send(ctx, ar.cause());
        }
      });
    };
  }

  /** Route handler after {@link #authenticate()}: 403 JSON unless the agent has one of {@code anyOf}. */
  public static Handler<RoutingContext> require(Role... anyOf) {
    if (anyOf.length == 0) {
      throw new IllegalArgumentException("require at least one role");
    }
    Set<Role> wanted = EnumSet.copyOf(Arrays.asList(anyOf));
    String names = wanted.stream().map(Role::wireName).collect(Collectors.joining(" or "));
    return ctx -> {
      AgentPrincipal agent = principal(ctx);
      if (agent == null) {
        ApiErrors.send(ctx, ApiErrors.unauthorized("not authenticated"));
      } else if (wanted.stream().noneMatch(agent::has)) {
        ApiErrors.send(ctx, ApiErrors.forbidden("this needs the role " + names));
      } else {
        ctx.next();
      }
    };
  }

  /** The agent {@link #authenticate()} found, or null on a route without it. */
  public static AgentPrincipal principal(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  /** Drops the cached account so this node sees a change at once (other nodes within {@link #ACCOUNT_CACHE}). */
  public void forget(String agentId) {
    accounts.remove(agentId);
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  public static String bearerToken(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /**
   * The token of a WebSocket handshake, where browsers cannot set headers: the Authorization header,
   * else the {@code token} query parameter, else the entry of {@code Sec-WebSocket-Protocol} that is a
   * JWT (a client sends e.g. {@code Sec-WebSocket-Protocol: kefu.v1, <token>}). Null when none.
   */
  public static String webSocketToken(HttpServerRequest request) {
    String token = bearerToken(request);
    if (token != null) {
      return token;
    }
    token = request.getParam("token");
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        if (JWT_SHAPE.matcher(protocol.strip()).matches()) {
          return protocol.strip();
        }
      }
    }
    return null;
  }

  private static ApiException unavailable() {
    return new ApiException(503, "unavailable", "agent sign-in is unavailable: the token secret cannot be read from Redis");
  }

  private Future<AgentAccount> currentAccount(String id) {
    long now = clock.millis();
    CachedAccount cached = accounts.get(id);
    if (cached != null && now - cached.readAtMillis() < ACCOUNT_CACHE.toMillis() && now >= cached.readAtMillis()) {
      return Future.succeededFuture(cached.account());
    }
    return AgentDirectory.read(redis, id).map(account -> {
      accounts.put(id, new CachedAccount(account, now));
      return account;
    });
  }
}
