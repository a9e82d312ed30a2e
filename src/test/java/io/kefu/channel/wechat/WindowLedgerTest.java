package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.channel.wechat.WeChatApiException.Kind;
import io.kefu.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WindowLedgerTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final WeChatAccount account = TestAccounts.account(false);
  private final String openId = TestAccounts.openId();
  private WindowLedger ledger;

  @BeforeEach
  void setUp(Vertx vertx) {
    ledger = new WindowLedger(TestAccounts.redis(vertx), clock, WindowConfig.defaults());
  }

  @Test
  void userMessageAllowsFiveReservationsAndRefusesTheSixthWithTheCount(VertxTestContext ctx) {
    List<Integer> remaining = new ArrayList<>();
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> reserveTimes(5, 0, remaining))
        .compose(v -> ledger.reserve(account, openId, 0))
        .onComplete(ar -> ctx.verify(() -> {
          assertThat(remaining).containsExactly(4, 3, 2, 1, 0);
          assertLocalRefusal(ar.cause(), "message quota used: 5 of 5 in this window");
          ctx.completeNow();
        }));
  }

  @Test
  void newUserMessageResetsTheCount(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> reserveTimes(5, 0, new ArrayList<>()))
        .compose(v -> ledger.open(account, openId, WindowTrigger.USER_MESSAGE))
        .compose(v -> ledger.status(account, openId))
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(status.open()).isTrue();
          assertThat(status.used()).isZero();
          assertThat(status.remaining()).isEqualTo(5);
          ctx.completeNow();
        })));
  }

  @Test
  void userMessageWindowExpiresAfter48HoursAndSaysHowLongAgo(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> {
          clock.advance(Duration.ofHours(48).minusSeconds(1));
          return ledger.reserve(account, openId, 0);
        })
        .compose(stillOpen -> {
          clock.advance(Duration.ofHours(1).plusSeconds(1));
          return Future.all(ledger.status(account, openId), ledger.reserve(account, openId, 0).transform(
              ar -> Future.succeededFuture(ar.cause())));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          WindowStatus status = all.resultAt(0);
          assertThat(status.open()).isFalse();
          assertThat(status.remaining()).isZero();
          assertLocalRefusal(all.resultAt(1), "customer-service window closed: last user message 49h ago");
          ctx.completeNow();
        })));
  }

  @Test
  void menuClickAloneOpensThreeMessagesForOneMinute(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.MENU_CLICK)
        .compose(v -> reserveTimes(3, 0, new ArrayList<>()))
        .compose(v -> ledger.reserve(account, openId, 0).transform(ar -> Future.succeededFuture(ar.cause())))
        .compose(quotaRefusal -> {
          clock.advance(Duration.ofSeconds(61));
          return ledger.open(account, openId, WindowTrigger.SCAN)
              .compose(v -> ledger.status(account, openId))
              .map(status -> List.of(quotaRefusal, status));
        })
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          assertLocalRefusal((Throwable) results.get(0), "message quota used: 3 of 3 in this window");
          WindowStatus afterScan = (WindowStatus) results.get(1);
          assertThat(afterScan.trigger()).isEqualTo(WindowTrigger.SCAN);
          assertThat(afterScan.remaining()).isEqualTo(3);
          assertThat(afterScan.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
          ctx.completeNow();
        })));
  }

  @Test
  void eventWindowDoesNotShrinkAnOpenUserMessageWindow(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> ledger.reserve(account, openId, 0))
        .compose(v -> ledger.open(account, openId, WindowTrigger.MENU_CLICK))
        .compose(v -> ledger.open(account, openId, WindowTrigger.SUBSCRIBE))
        .compose(v -> {
          clock.advance(Duration.ofMinutes(5));
          return ledger.status(account, openId);
        })
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(status.open()).isTrue();
          assertThat(status.trigger()).isEqualTo(WindowTrigger.USER_MESSAGE);
          assertThat(status.quota()).isEqualTo(5);
          assertThat(status.used()).isEqualTo(1);
          assertThat(status.remaining()).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  @Test
  void reserveKeepingOneForAnAgentLeavesTheLastMessage(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> reserveTimes(4, 1, new ArrayList<>()))
        .compose(v -> ledger.reserve(account, openId, 1).transform(ar -> Future.succeededFuture(ar.cause())))
        .compose(botRefusal -> ledger.reserve(account, openId, 0).map(agentGrant -> List.of(botRefusal, agentGrant)))
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          assertLocalRefusal((Throwable) results.get(0),
              "message quota used: 4 of 5 in this window, 1 kept for a human agent");
          WindowGrant agentGrant = (WindowGrant) results.get(1);
          assertThat(agentGrant.used()).isEqualTo(5);
          assertThat(agentGrant.remaining()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void releaseGivesTheSlotBack(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> ledger.reserve(account, openId, 0))
        .compose(grant -> ledger.reserve(account, openId, 0).compose(second -> ledger.release(grant)))
        .compose(v -> ledger.status(account, openId))
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(status.used()).isEqualTo(1);
          assertThat(status.remaining()).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  @Test
  void releaseOfASlotFromAnEarlierWindowDoesNotTouchTheRenewedWindow(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> ledger.reserve(account, openId, 0))
        .compose(oldGrant -> ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
            .compose(v -> ledger.reserve(account, openId, 0))
            .compose(v -> ledger.release(oldGrant)))
        .compose(v -> ledger.status(account, openId))
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertThat(status.used()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void reserveWithoutAnyWindowIsRefused(VertxTestContext ctx) {
    ledger.reserve(account, openId, 0).onComplete(ar -> ctx.verify(() -> {
      assertLocalRefusal(ar.cause(), "customer-service window closed: no recent message or event from the user");
      ctx.completeNow();
    }));
  }

  @Test
  void windowKeyGetsATtlALittleOverTheWindow(Vertx vertx, VertxTestContext ctx) {
    io.vertx.redis.client.Redis redis = TestAccounts.redis(vertx);
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PTTL)
            .arg(io.kefu.store.RedisKeys.window(account.id(), openId))))
        .onComplete(ctx.succeeding(ttl -> ctx.verify(() -> {
          assertThat(ttl.toLong()).isGreaterThan(Duration.ofHours(48).toMillis())
              .isLessThanOrEqualTo(Duration.ofHours(48).plusMinutes(10).toMillis());
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentReservationsNeverExceedTheQuota(VertxTestContext ctx) {
    ledger.open(account, openId, WindowTrigger.USER_MESSAGE)
        .compose(v -> {
          List<Future<Boolean>> attempts = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            attempts.add(ledger.reserve(account, openId, 0).transform(ar -> Future.succeededFuture(ar.succeeded())));
          }
          return Future.all(attempts);
        })
        .compose(all -> ledger.status(account, openId).map(status -> List.of(all.<Boolean>list(), status)))
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<Boolean> granted = (List<Boolean>) results.get(0);
          assertThat(granted.stream().filter(ok -> ok).count()).isEqualTo(5);
          assertThat(((WindowStatus) results.get(1)).used()).isEqualTo(5);
          ctx.completeNow();
        })));
  }

  private Future<Void> reserveTimes(int times, int keepForAgent, List<Integer> remaining) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < times; i++) {
      chain = chain.compose(v -> ledger.reserve(account, openId, keepForAgent))
          .map(grant -> {
            remaining.add(grant.remaining());
            return null;
          });
    }
    return chain;
  }

  static void assertLocalRefusal(Throwable failure, String message) {
    assertThat(failure).isInstanceOf(WeChatApiException.class).hasMessage(message);
    assertThat(((WeChatApiException) failure).kind()).isEqualTo(Kind.WINDOW_CLOSED_LOCAL);
  }
}
