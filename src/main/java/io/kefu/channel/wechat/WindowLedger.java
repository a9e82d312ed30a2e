package io.kefu.channel.wechat;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer-service window of every (account, user), kept in Redis so all nodes share it.
 * Time comes from the injected {@link Clock} and is passed into the Lua scripts (never Redis TIME),
 * so tests can move it.
 */
public final class WindowLedger {
  private static final Logger LOG = LoggerFactory.getLogger(WindowLedger.class);
  private static final LuaScript OPEN = LuaScript.load("window-open");
  private static final LuaScript RESERVE = LuaScript.load("window-reserve");
  private static final LuaScript RELEASE = LuaScript.load("window-release");
  private static final LuaScript MARK = LuaScript.load("window-mark");

  private final Redis redis;
  private final Clock clock;
  private final WindowPolicy policy;

  public WindowLedger(Redis redis, Clock clock, WindowConfig config) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = new WindowPolicy(config);
  }

  /**
   * Records an inbound message or event. A user message always renews the window and resets its
   * count; an event window never shrinks a longer open window that still has messages left.
   */
  public Future<Void> open(WeChatAccount account, String openId, WindowTrigger trigger) {
    return open(account == null ? null : account.id(), openId, trigger);
  }

  /** {@link #open(WeChatAccount, String, WindowTrigger)} for any channel account id (e.g. a WeCom kf account). */
  public Future<Void> open(String accountId, String openId, WindowTrigger trigger) {
    if (trigger == null) {
      return Future.failedFuture(new NullPointerException("trigger"));
    }
    String key;
    try {
      key = key(accountId, openId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    WindowPolicy.Opening opening = policy.opening(trigger, clock.instant());
    return OPEN.run(redis, List.of(key), List.of(
        millis(opening.openedAt()),
        UUID.randomUUID().toString(),
        trigger.name(),
        Integer.toString(opening.quota()),
        millis(opening.expiresAt()),
        opening.renews() ? "1" : "0",
        Long.toString(opening.keyTtl().toMillis()))).mapEmpty();
  }

  /** The window as it stands now. */
  public Future<WindowStatus> status(WeChatAccount account, String openId) {
    return status(account == null ? null : account.id(), openId);
  }

  public Future<WindowStatus> status(String accountId, String openId) {
    String key;
    try {
      key = key(accountId, openId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.HGETALL).arg(key)).map(response -> {
      Map<String, String> fields = new HashMap<>();
      if (response != null) {
        for (String field : response.getKeys()) {
          fields.put(field, response.get(field).toString());
        }
      }
      return policy.status(fields, clock.instant());
    });
  }

  /**
   * Atomically takes one message of the window, leaving {@code keepForAgent} unused. Fails with
   * {@link WeChatApiException.Kind#WINDOW_CLOSED_LOCAL} when the window is missing, expired,
   * closed by WeChat, or used up.
   */
  public Future<WindowGrant> reserve(WeChatAccount account, String openId, int keepForAgent) {
    return reserve(account == null ? null : account.id(), openId, keepForAgent);
  }

  public Future<WindowGrant> reserve(String accountId, String openId, int keepForAgent) {
    if (keepForAgent < 0) {
      return Future.failedFuture(new IllegalArgumentException("keepForAgent must not be negative"));
    }
    String key;
    try {
      key = key(accountId, openId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant();
    return RESERVE.run(redis, List.of(key), List.of(millis(now),
        Integer.toString(keepForAgent))).compose(reply -> {
          String verdict = reply.get(0).toString();
          if (verdict.equals("none")) {
            return refuse(WindowPolicy.Refusal.NONE, WindowStatus.none(), keepForAgent, now);
          }
          Map<String, String> fields = new HashMap<>();
          String[] names = {"id", "trigger", "opened", "expires", "quota", "used", "closed"};
          for (int i = 0; i < names.length; i++) {
            Response value = reply.get(i + 1);
            if (value != null) {
              fields.put(names[i], value.toString());
            }
          }
          WindowStatus window = policy.status(fields, now);
          return switch (verdict) {
            case "ok" -> Future.succeededFuture(new WindowGrant(accountId, openId, fields.get("id"),
                window.used(), window.quota(), window.expiresAt()));
            case "closed" -> refuse(WindowPolicy.Refusal.CLOSED_BY_WECHAT, window, keepForAgent, now);
            case "expired" -> refuse(WindowPolicy.Refusal.EXPIRED, window, keepForAgent, now);
            case "quota" -> refuse(WindowPolicy.Refusal.QUOTA_USED, window, keepForAgent, now);
            default -> Future.failedFuture(new IllegalStateException("window-reserve answered " + verdict));
          };
        });
  }

  /** Gives a reserved message back (WeChat surely did not deliver it). No-op if the window was renewed. */
  public Future<Void> release(WindowGrant grant) {
    return RELEASE.run(redis, List.of(RedisKeys.window(grant.accountId(), grant.openId())),
        List.of(grant.windowId())).mapEmpty();
  }

  /** WeChat answered 45015 for this grant's send: the window is closed until the user comes back. */
  public Future<Void> markClosedByWeChat(WindowGrant grant) {
    return MARK.run(redis, List.of(RedisKeys.window(grant.accountId(), grant.openId())),
        List.of(grant.windowId(), "closed")).mapEmpty();
  }

  /** WeChat answered 45047 for this grant's send: no message is left in this window. */
  public Future<Void> markQuotaUsedByWeChat(WindowGrant grant) {
    return MARK.run(redis, List.of(RedisKeys.window(grant.accountId(), grant.openId())),
        List.of(grant.windowId(), "exhausted")).mapEmpty();
  }

  private <T> Future<T> refuse(WindowPolicy.Refusal refusal, WindowStatus window, int keepForAgent,
      Instant now) {
    return Future.failedFuture(
        WeChatApiException.windowClosedLocally(policy.describe(refusal, window, keepForAgent, now)));
  }

  private static String key(String accountId, String openId) {
    Objects.requireNonNull(accountId, "account");
    if (openId == null || openId.isBlank()) {
      throw new IllegalArgumentException("openId must not be empty");
    }
    return RedisKeys.window(accountId, openId);
  }

  private static String millis(Instant instant) {
    return Long.toString(instant.toEpochMilli());
  }

  /**
   * Books a send that failed after {@link #reserve}: 45015 marks the window closed, 45047 its quota used,
   * a send that may have been delivered keeps its slot, any other failure gives the slot back. Completes
   * with the original failure.
   */
  public Future<Void> settleFailedSend(WindowGrant grant, Throwable failure) {
    Future<Void> bookkeeping;
    if (failure instanceof WeChatApiException e && e.kind() == WeChatApiException.Kind.WINDOW_CLOSED) {
      bookkeeping = markClosedByWeChat(grant);
    } else if (failure instanceof WeChatApiException e && e.kind() == WeChatApiException.Kind.QUOTA_EXCEEDED) {
      bookkeeping = markQuotaUsedByWeChat(grant);
    } else if (failure instanceof WeChatApiException e && e.mayHaveBeenDelivered()) {
      LOG.warn("Send to {} may have been delivered; keeping its window slot: {}", grant.openId(),
          e.getMessage());
      bookkeeping = Future.succeededFuture();
    } else {
      bookkeeping = release(grant);
    }
    return bookkeeping
        .recover(err -> {
          LOG.warn("Window bookkeeping for {} failed after a failed send: {}", grant.openId(), err.toString());
          return Future.succeededFuture();
        })
        .compose(ignored -> Future.failedFuture(failure));
  }
}
