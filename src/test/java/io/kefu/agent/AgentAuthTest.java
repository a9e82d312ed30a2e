package io.kefu.agent;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.store.TestRedis;
import io.kefu.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AgentAuthTest {
  private static final String SECRET = "an-hs256-test-secret-of-at-least-32-chars";

  private Vertx vertx;
  private Redis redis;
  private MutableClock clock;
  private AgentDirectory directory;
  private AgentAuth auth;
  private AgentAccount account;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    redis = Redis.createClient(vertx, TestRedis.url());
    clock = new MutableClock();
    directory = new AgentDirectory(vertx, redis, clock, new PasswordHasher(1_000));
    auth = await(AgentAuth.create(vertx, redis, SECRET, Duration.ofHours(12), clock));
    account = new AgentAccount(AgentDirectoryTest.randomId(), "周", Set.of(Role.AGENT), Set.of("billing"), 3, false);
    await(directory.create(account, "password-1"));
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void issuedTokenVerifiesToTheAccount() throws Exception {
    String token = auth.issue(account);
    AgentPrincipal principal = await(auth.verify(token));
    assertThat(principal).isEqualTo(new AgentPrincipal(account.id(), "周", Set.of(Role.AGENT), Set.of("billing")));
  }

  @Test
  void tokenCarriesSubjectNameRolesGroupsAndExpiry() {
    String token = auth.issue(account);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertThat(claims.getString("sub")).isEqualTo(account.id());
    assertThat(claims.getString("name")).isEqualTo("周");
    assertThat(claims.getJsonArray("roles")).containsExactly("agent");
    assertThat(claims.getJsonArray("groups")).containsExactly("billing");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(Duration.ofHours(12).toSeconds());
  }

  @Test
  void missingGarbageTamperedAndForeignTokensAreUnauthorized() throws Exception {
    String token = auth.issue(account);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new JsonObject().put("sub", account.id()).put("roles", new JsonArray().add("admin")).encode().getBytes())
        + "." + parts[2];
    AgentAuth other = await(AgentAuth.create(vertx, redis, "a-completely-different-secret-of-32-chars!", null));
    for (String bad : new String[] {null, "", "garbage", token + "x", forged, other.issue(account)}) {
      assertThat(failure(auth.verify(bad))).as("token %s", bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void expiredTokenIsUnauthorized() throws Exception {
    JWTAuth sameKey = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    long now = System.currentTimeMillis() / 1000;
    String expired = sameKey.generateToken(new JsonObject().put("sub", account.id()).put("exp", now - 3600)
        .put("iat", now - 7200).put("iss", "kefu").put("aud", "kefu-agent"), new JWTOptions().setNoTimestamp(true));
    String fresh = sameKey.generateToken(new JsonObject().put("sub", account.id()).put("exp", now + 3600)
        .put("iat", now).put("iss", "kefu").put("aud", "kefu-agent"), new JWTOptions().setNoTimestamp(true));
    assertThat(await(auth.verify(fresh)).id()).as("control: same claims, not expired").isEqualTo(account.id());
    assertThat(failure(auth.verify(expired)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void disablingAnAccountStopsItsTokenWithinTheCacheTime() throws Exception {
    String token = auth.issue(account);
    await(auth.verify(token));
    await(directory.update(account.withDisabled(true)));
    assertThat(await(auth.verify(token)).id()).as("still cached").isEqualTo(account.id());
    clock.advance(AgentAuth.ACCOUNT_CACHE.plusMillis(1));
    assertThat(failure(auth.verify(token))).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("account_disabled");
    });
  }

  @Test
  void forgetMakesAChangeVisibleAtOnce() throws Exception {
    String token = auth.issue(account);
    await(auth.verify(token));
    await(directory.update(account.withRoles(Set.of(Role.SUPERVISOR))));
    auth.forget(account.id());
    AgentPrincipal principal = await(auth.verify(token));
    assertThat(principal.has(Role.SUPERVISOR)).as("roles come from the account, not the token").isTrue();
  }

  @Test
  void nodesWithoutAConfiguredSecretShareOneThroughRedis() throws Exception {
    AgentAuth first = await(AgentAuth.create(vertx, redis, null, Duration.ofHours(1)));
    AgentAuth second = await(AgentAuth.create(vertx, redis, "", Duration.ofHours(1)));
    assertThat(await(second.verify(first.issue(account))).id()).isEqualTo(account.id());
    assertThat(failure(auth.verify(first.issue(account)))).as("configured secret differs").isInstanceOf(ApiException.class);
  }

  @Test
  void webSocketHandshakeTokenIsFoundInQueryHeaderOrSubprotocol() throws Exception {
    Router router = Router.router(vertx);
    router.get("/ws").handler(ctx -> auth.verify(AgentAuth.webSocketToken(ctx.request())).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().end(ar.result().id());
      } else {
        ApiErrors.send(ctx, ar.cause());
      }
    }));
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    WebClient client = WebClient.create(vertx);
    try {
      String token = auth.issue(account);
      int port = server.actualPort();
      HttpResponse<?> byQuery = await(client.get(port, "127.0.0.1", "/ws?token=" + token).send());
      HttpResponse<?> byProtocol = await(client.get(port, "127.0.0.1", "/ws")
          .putHeader("Sec-WebSocket-Protocol", "kefu.v1, " + token).send());
      HttpResponse<?> byHeader = await(client.get(port, "127.0.0.1", "/ws")
          .putHeader("Authorization", "Bearer " + token).send());
      HttpResponse<?> none = await(client.get(port, "127.0.0.1", "/ws")
          .putHeader("Sec-WebSocket-Protocol", "kefu.v1").send());
      assertThat(byQuery.bodyAsString()).isEqualTo(account.id());
      assertThat(byProtocol.bodyAsString()).isEqualTo(account.id());
      assertThat(byHeader.bodyAsString()).isEqualTo(account.id());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    } finally {
      client.close();
      await(server.close());
    }
  }

  @Test
  void withoutRedisANodeStartsButRefusesTokensWith503() throws Exception {
    Redis dead = Redis.createClient(vertx, "redis://127.0.0.1:1");
    try {
      AgentAuth unready = await(AgentAuth.create(vertx, dead, null, null));
      assertThat(failure(unready.verify(auth.issue(account))))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
      assertThat(failure(unready.ready())).isNotNull();
      assertThatThrownBy(() -> unready.issue(account))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    } finally {
      dead.close();
    }
  }
}
