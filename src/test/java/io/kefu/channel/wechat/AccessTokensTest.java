package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.channel.wechat.WeChatApiException.Kind;
import io.kefu.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AccessTokensTest {
  private static final AccessTokenConfig FAST = new AccessTokenConfig(Duration.ofMinutes(5),
      Duration.ofSeconds(5), Duration.ofMillis(10), 200, new RetryPolicy(3, Duration.ofMillis(5), 2.0,
      Duration.ofMillis(20)));

  private final MutableClock clock = MutableClock.startingNow();
  private FakeWeChatApi fake;
  private Redis redis;
  private WeChatHttpTransport http;

  @BeforeEach
  void startFake(Vertx vertx, VertxTestContext ctx) {
    redis = TestAccounts.redis(vertx);
    FakeWeChatApi.start(vertx).onComplete(ctx.succeeding(started -> {
      fake = started;
      http = new WeChatHttpTransport(vertx, fake.baseUrl(), Duration.ofSeconds(5));
      ctx.completeNow();
    }));
  }

  private AccessTokens node(Vertx vertx) {
    return new AccessTokens(vertx, redis, http, clock, FAST, null);
  }

  @Test
  void concurrentCallersShareOneTokenFetch(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    AccessTokens tokens = node(vertx);
    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      callers.add(tokens.token(account));
    }
    Future.all(callers).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(all.<String>list()).hasSize(20).containsOnly("tok-1");
      assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(1);
      assertThat(fake.requests(FakeWeChatApi.TOKEN).get(0).query())
          .containsEntry("grant_type", "client_credential")
          .containsEntry("appid", account.appId())
          .containsEntry("secret", account.secret());
      ctx.completeNow();
    })));
  }

  @Test
  void secondNodeReusesTheTokenFromRedisWithoutCallingWeChat(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    node(vertx).token(account)
        .compose(first -> node(vertx).token(account).map(second -> List.of(first, second)))
        .onComplete(ctx.succeeding(tokens -> ctx.verify(() -> {
          assertThat(tokens).containsExactly("tok-1", "tok-1");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void twoNodesAskingAtOnceCallWeChatOnlyOnce(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      AccessTokens node = node(vertx);
      callers.add(node.token(account));
      callers.add(node.token(account));
    }
    Future.all(callers).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(all.<String>list()).containsOnly("tok-1");
      assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  void tokenIsRefreshedOnlyOnceItIsWithinTheMarginOfExpiry(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    fake.expiresIn(600);
    AccessTokens tokens = node(vertx);
    List<String> seen = new ArrayList<>();
    tokens.token(account)
        .compose(t -> {
          seen.add(t);
          clock.advance(Duration.ofMinutes(4)); // 6 min left, margin 5 min: still fresh
          return tokens.token(account);
        })
        .compose(t -> {
          seen.add(t);
          clock.advance(Duration.ofMinutes(2)); // 4 min left: refresh
          return tokens.token(account);
        })
        .onComplete(ctx.succeeding(t -> ctx.verify(() -> {
          seen.add(t);
          assertThat(seen).containsExactly("tok-1", "tok-1", "tok-2");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(2);
          ctx.completeNow();
        })));
  }

  @Test
  void stableTokenForcesRefreshOnlyWhenTheCurrentTokenWasRejected(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(true);
    AccessTokens tokens = node(vertx);
    List<String> seen = new ArrayList<>();
    tokens.token(account)
        .compose(t -> {
          seen.add(t);
          return tokens.refreshAfterRejection(account, t);
        })
        .compose(t -> {
          seen.add(t);
          // a late 40001 for the old token must not rotate the new one again
          return node(vertx).refreshAfterRejection(account, "tok-1");
        })
        .onComplete(ctx.succeeding(t -> ctx.verify(() -> {
          seen.add(t);
          assertThat(seen).containsExactly("tok-1", "tok-2", "tok-2");
          List<FakeWeChatApi.RecordedRequest> requests = fake.requests(FakeWeChatApi.STABLE_TOKEN);
          assertThat(requests).hasSize(2);
          assertThat(requests).allSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
          assertThat(requests.get(0).body().getBoolean("force_refresh")).isFalse();
          assertThat(requests.get(1).body().getBoolean("force_refresh")).isTrue();
          assertThat(requests.get(1).body().getString("appid")).isEqualTo(account.appId());
          assertThat(requests.get(1).body().getString("grant_type")).isEqualTo("client_credential");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentRejectionsOfTheSameTokenCauseOneRefresh(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    AccessTokens tokens = node(vertx);
    tokens.token(account)
        .compose(t -> {
          List<Future<String>> rejections = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            rejections.add(tokens.refreshAfterRejection(account, t));
          }
          return Future.all(rejections);
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>list()).containsOnly("tok-2");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(2);
          ctx.completeNow();
        })));
  }

  @Test
  void invalidSecretBecomesATypedErrorWithoutRetry(Vertx vertx, VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.TOKEN, 40125, 1);
    node(vertx).token(TestAccounts.account(false)).onComplete(ar -> ctx.verify(() -> {
      assertThat(ar.cause()).isInstanceOf(WeChatApiException.class);
      WeChatApiException e = (WeChatApiException) ar.cause();
      assertThat(e.kind()).isEqualTo(Kind.BAD_CREDENTIALS);
      assertThat(e.errcode()).isEqualTo(40125);
      assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(1);
      ctx.completeNow();
    }));
  }

  @Test
  void ipNotInAllowListBecomesIpNotAllowed(Vertx vertx, VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.STABLE_TOKEN, 40164, 1);
    node(vertx).token(TestAccounts.account(true)).onComplete(ar -> ctx.verify(() -> {
      assertThat(((WeChatApiException) ar.cause()).kind()).isEqualTo(Kind.IP_NOT_ALLOWED);
      assertThat(ar.cause()).hasMessageContaining("40164");
      ctx.completeNow();
    }));
  }

  @Test
  void tokenEndpointIsRetriedAfterHttp500BecauseItIsIdempotent(Vertx vertx, VertxTestContext ctx) {
    fake.statusNext(FakeWeChatApi.TOKEN, 500, 2);
    node(vertx).token(TestAccounts.account(false)).onComplete(ctx.succeeding(t -> ctx.verify(() -> {
      assertThat(t).isEqualTo("tok-1");
      assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(3);
      ctx.completeNow();
    })));
  }

  @Test
  void failedFetchIsNotCachedAndTheNextCallFetchesAgain(Vertx vertx, VertxTestContext ctx) {
    WeChatAccount account = TestAccounts.account(false);
    AccessTokens tokens = node(vertx);
    fake.failNext(FakeWeChatApi.TOKEN, -1, 3);
    tokens.token(account)
        .transform(first -> tokens.token(account).map(second -> List.of(first.failed(), second)))
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          assertThat(results).containsExactly(true, "tok-1");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(4);
          ctx.completeNow();
        })));
  }
}
