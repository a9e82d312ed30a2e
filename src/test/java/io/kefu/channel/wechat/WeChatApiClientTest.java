package io.kefu.channel.wechat;

import static io.kefu.channel.wechat.WindowLedgerTest.assertLocalRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.OutboundMessage.Text;
import io.kefu.channel.wechat.WeChatApiException.Kind;
import io.kefu.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WeChatApiClientTest {
  private static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(5), 2.0, Duration.ofMillis(20));
  private static final AccessTokenConfig TOKENS = new AccessTokenConfig(Duration.ofMinutes(5),
      Duration.ofSeconds(5), Duration.ofMillis(10), 100, FAST_RETRY);

  private final MutableClock clock = MutableClock.startingNow();
  private final WeChatAccount account = TestAccounts.account(false);
  private final String openId = TestAccounts.openId();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FakeWeChatApi fake;
  private Redis redis;
  private WindowLedger ledger;
  private AccessTokens tokens;
  private WeChatApiClient client;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) {
    redis = TestAccounts.redis(vertx);
    ledger = new WindowLedger(redis, clock, WindowConfig.defaults());
    FakeWeChatApi.start(vertx).onComplete(ctx.succeeding(started -> {
      fake = started;
      WeChatHttpTransport http = new WeChatHttpTransport(vertx, fake.baseUrl(), Duration.ofSeconds(5));
      tokens = new AccessTokens(vertx, redis, http, clock, TOKENS, null);
      client = new WeChatApiClient(vertx, http, tokens, ledger, FAST_RETRY, registry);
      ctx.completeNow();
    }));
  }

  private Future<Void> userWrote() {
    return ledger.open(account, openId, WindowTrigger.USER_MESSAGE);
  }

  private Future<WindowStatus> window() {
    return ledger.status(account, openId);
  }

  private static WeChatApiException apiError(Throwable failure) {
    assertThat(failure).isInstanceOf(WeChatApiException.class);
    return (WeChatApiException) failure;
  }

  @Test
  void sendPostsTheExactCustomSendJsonWithTheToken(VertxTestContext ctx) {
    userWrote()
        .compose(v -> client.send(account, openId, new Text("你好, world"), SendOptions.asAgent("kf1@gh_test")))
        .compose(v -> window())
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          List<FakeWeChatApi.RecordedRequest> sends = fake.requests(FakeWeChatApi.SEND);
          assertThat(sends).hasSize(1);
          assertThat(sends.get(0).method()).isEqualTo("POST");
          assertThat(sends.get(0).accessToken()).isEqualTo("tok-1");
          assertThat(sends.get(0).body()).isEqualTo(new JsonObject()
              .put("touser", openId)
              .put("msgtype", "text")
              .put("text", new JsonObject().put("content", "你好, world"))
              .put("customservice", new JsonObject().put("kf_account", "kf1@gh_test")));
          assertThat(status.used()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void rejectedTokenIsRefreshedOnceAndTheSendRetriedOnce(VertxTestContext ctx) {
    userWrote()
        .compose(v -> tokens.token(account))
        .compose(t -> {
          fake.rotateTokens();
          return client.send(account, openId, new Text("hi"));
        })
        .compose(v -> window())
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(fake.requests(FakeWeChatApi.SEND)).extracting(FakeWeChatApi.RecordedRequest::accessToken)
              .containsExactly("tok-1", "tok-2");
          assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(2);
          assertThat(status.used()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void tokenRejectedTwiceFailsWithTokenInvalidAndGivesTheSlotBack(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.SEND, 40001, 5);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            WeChatApiException e = apiError(ar.cause());
            assertThat(e.kind()).isEqualTo(Kind.TOKEN_INVALID);
            assertThat(e.errcode()).isEqualTo(40001);
            assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(2);
            assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(2);
            assertThat(status.used()).isZero();
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void systemBusyIsRetriedWithBackoffUntilItSucceeds(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.SEND, -1, 2);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .compose(v -> window())
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(3);
          assertThat(status.used()).isEqualTo(1);
          assertThat(registry.counter(ApiCallMetrics.NAME, "api", "custom/send", "outcome", "system_busy").count())
              .isEqualTo(2.0);
          assertThat(registry.counter(ApiCallMetrics.NAME, "api", "custom/send", "outcome", "ok").count())
              .isEqualTo(1.0);
          ctx.completeNow();
        })));
  }

  @Test
  void systemBusyOnEveryAttemptFailsAfterTheLastAttemptAndGivesTheSlotBack(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.SEND, -1, 10);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            assertThat(apiError(ar.cause()).kind()).isEqualTo(Kind.SYSTEM_BUSY);
            assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(3);
            assertThat(status.used()).isZero();
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void tokenEndpointFailureDuringSendIsNotRetriedAgainBySendAndGivesTheSlotBack(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.TOKEN, -1, 10);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            WeChatApiException e = apiError(ar.cause());
            assertThat(e.kind()).isEqualTo(Kind.SYSTEM_BUSY);
            assertThat(e.api()).isEqualTo("token");
            assertThat(fake.requests(FakeWeChatApi.TOKEN)).hasSize(3);
            assertThat(fake.requests(FakeWeChatApi.SEND)).isEmpty();
            assertThat(status.used()).isZero();
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void http500IsNotRetriedAndSaysTheMessageMayHaveBeenDelivered(VertxTestContext ctx) {
    fake.statusNext(FakeWeChatApi.SEND, 500, 1);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            WeChatApiException e = apiError(ar.cause());
            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
            assertThat(e.mayHaveBeenDelivered()).isTrue();
            assertThat(e).hasMessageContaining("HTTP 500").hasMessageContaining("may have reached WeChat");
            assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(1);
            assertThat(status.used()).as("slot kept: the message may have been delivered").isEqualTo(1);
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void timeoutAfterWritingIsNotRetriedAndSaysTheMessageMayHaveBeenDelivered(Vertx vertx, VertxTestContext ctx) {
    WeChatHttpTransport impatient = new WeChatHttpTransport(vertx, fake.baseUrl(), Duration.ofMillis(300));
    WeChatApiClient impatientClient = new WeChatApiClient(vertx, impatient, tokens, ledger, FAST_RETRY, null);
    fake.delayNext(FakeWeChatApi.SEND, Duration.ofSeconds(3));
    userWrote()
        .compose(v -> impatientClient.send(account, openId, new Text("hi")))
        .onComplete(ar -> ctx.verify(() -> {
          WeChatApiException e = apiError(ar.cause());
          assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
          assertThat(e.mayHaveBeenDelivered()).isTrue();
          assertThat(e).hasMessageContaining("may have reached WeChat").hasMessageNotContaining("tok-1");
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(1);
          ctx.completeNow();
        }));
  }

  @Test
  void connectionClosedAfterTheRequestIsNotRetried(VertxTestContext ctx) {
    fake.closeConnectionNext(FakeWeChatApi.SEND);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .onComplete(ar -> ctx.verify(() -> {
          WeChatApiException e = apiError(ar.cause());
          assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
          assertThat(e.mayHaveBeenDelivered()).isTrue();
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(1);
          ctx.completeNow();
        }));
  }

  @Test
  void refusedConnectionIsRetriedAndThenFailsAsNotDeliveredGivingTheSlotBack(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    WeChatHttpTransport dead = new WeChatHttpTransport(vertx, "http://127.0.0.1:" + deadPort, Duration.ofSeconds(2));
    WeChatApiClient unreachable = new WeChatApiClient(vertx, dead, tokens, ledger, FAST_RETRY, registry);
    userWrote()
        .compose(v -> unreachable.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            WeChatApiException e = apiError(ar.cause());
            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
            assertThat(e.mayHaveBeenDelivered()).isFalse();
            assertThat(e).hasMessageContaining("did not reach WeChat");
            assertThat(registry.counter(ApiCallMetrics.NAME, "api", "custom/send", "outcome", "transport").count())
                .isEqualTo(3.0);
            assertThat(status.used()).isZero();
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void windowClosedByWeChatIsTypedAndClosesTheLocalWindow(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.SEND, 45015, 1);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(first -> client.send(account, openId, new Text("again"))
            .transform(second -> window().map(status -> {
              ctx.verify(() -> {
                assertThat(apiError(first.cause()).kind()).isEqualTo(Kind.WINDOW_CLOSED);
                assertThat(status.open()).isFalse();
                assertThat(status.closedByWeChat()).isTrue();
                assertThat(apiError(second.cause()).kind()).isEqualTo(Kind.WINDOW_CLOSED_LOCAL);
                assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(1);
              });
              return status;
            })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void quotaExceededAtWeChatIsTypedAndUsesUpTheLocalWindow(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.SEND, 45047, 1);
    userWrote()
        .compose(v -> client.send(account, openId, new Text("hi")))
        .transform(ar -> window().map(status -> {
          ctx.verify(() -> {
            WeChatApiException e = apiError(ar.cause());
            assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXCEEDED);
            assertThat(e.errcode()).isEqualTo(45047);
            assertThat(status.remaining()).isZero();
          });
          return status;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void fiveSendsAreAllowedAndTheSixthIsRefusedLocallyWithoutCallingWeChat(VertxTestContext ctx) {
    Future<Void> chain = userWrote();
    for (int i = 1; i <= 5; i++) {
      String text = "message " + i;
      chain = chain.compose(v -> client.send(account, openId, new Text(text)));
    }
    chain.compose(v -> client.send(account, openId, new Text("message 6")))
        .onComplete(ar -> ctx.verify(() -> {
          assertLocalRefusal(ar.cause(), "message quota used: 5 of 5 in this window");
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(5);
          ctx.completeNow();
        }));
  }

  @Test
  void sendAfterTheWindowExpiredIsRefusedLocally(VertxTestContext ctx) {
    userWrote()
        .compose(v -> {
          clock.advance(Duration.ofHours(49));
          return client.send(account, openId, new Text("late"));
        })
        .onComplete(ar -> ctx.verify(() -> {
          assertLocalRefusal(ar.cause(), "customer-service window closed: last user message 49h ago");
          assertThat(fake.requests()).isEmpty();
          ctx.completeNow();
        }));
  }

  @Test
  void sendKeepingOneForAnAgentStopsAtFourAndTheAgentCanStillSend(VertxTestContext ctx) {
    Future<Void> chain = userWrote();
    for (int i = 0; i < 4; i++) {
      chain = chain.compose(v -> client.send(account, openId, new Text("bot"), SendOptions.keepingForAgent(1)));
    }
    chain.compose(v -> client.send(account, openId, new Text("bot"), SendOptions.keepingForAgent(1))
            .transform(bot -> client.send(account, openId, new Text("agent"), SendOptions.asAgent("kf1@gh_test"))
                .map(agent -> bot.cause())))
        .onComplete(ctx.succeeding(botRefusal -> ctx.verify(() -> {
          assertThat(apiError(botRefusal).kind()).isEqualTo(Kind.WINDOW_CLOSED_LOCAL);
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(5);
          ctx.completeNow();
        })));
  }

  @Test
  void typingSendsTypingAndCancelTypingWithoutUsingTheWindow(VertxTestContext ctx) {
    userWrote()
        .compose(v -> client.typing(account, openId, true))
        .compose(v -> client.typing(account, openId, false))
        .compose(v -> window())
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(fake.requests(FakeWeChatApi.TYPING)).extracting(FakeWeChatApi.RecordedRequest::body)
              .containsExactly(
                  new JsonObject().put("touser", openId).put("command", "Typing"),
                  new JsonObject().put("touser", openId).put("command", "CancelTyping"));
          assertThat(status.used()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void typingWithoutRecentInteractionFailsWithTypingNotAllowed(VertxTestContext ctx) {
    fake.failNext(FakeWeChatApi.TYPING, 45080, 1);
    client.typing(account, openId, true).onComplete(ar -> ctx.verify(() -> {
      assertThat(apiError(ar.cause()).kind()).isEqualTo(Kind.TYPING_NOT_ALLOWED);
      assertThat(fake.requests(FakeWeChatApi.TYPING)).hasSize(1);
      ctx.completeNow();
    }));
  }

  @Test
  void textOver2048BytesIsRejectedBeforeAnyRequest(VertxTestContext ctx) {
    String atLimit = "é".repeat(1024); // 2048 bytes in UTF-8
    assertThatThrownBy(() -> new Text(atLimit + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text content is 2049 bytes in UTF-8; WeChat custom/send accepts at most 2048");
    userWrote()
        .compose(v -> client.send(account, openId, null))
        .transform(nullMessage -> client.send(account, openId, new Text(atLimit)).map(v -> nullMessage))
        .onComplete(ctx.succeeding(nullMessage -> ctx.verify(() -> {
          assertThat(nullMessage.cause()).isInstanceOf(NullPointerException.class);
          assertThat(fake.requests(FakeWeChatApi.SEND)).hasSize(1);
          assertThat(fake.requests(FakeWeChatApi.SEND).get(0).body().getJsonObject("text").getString("content"))
              .isEqualTo(atLimit);
          ctx.completeNow();
        })));
  }
}
