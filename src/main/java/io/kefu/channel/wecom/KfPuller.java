package io.kefu.channel.wecom;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a 微信客服 account's messages after each doorbell ({@code kf_msg_or_event}), page by page with
 * {@code kf/sync_msg}:
 * <ul>
 *   <li>one puller per account across nodes: a lease in Redis, renewed every page; a doorbell that rings
 *       while another node pulls leaves its token in Redis, and the puller picks it up before it lets go;</li>
 *   <li>the cursor lives in Redis and is saved only after the page's items are journaled (and answered), so a
 *       pull that fails half-way resumes from the last saved cursor; items it sees again are dropped by the
 *       journal's dedup on {@code msgid};</li>
 *   <li>pages continue while {@code has_more} is 1, even when a page is empty;</li>
 *   <li>a failed pull is tried again after {@code retryDelay}, a few times, with the same token.</li>
 * </ul>
 */
public final class KfPuller {
  private static final Logger LOG = LoggerFactory.getLogger(KfPuller.class);
  private static final LuaScript RENEW = LuaScript.load("lease-renew");
  private static final LuaScript RELEASE = LuaScript.load("token-lock-release");
  private static final Duration SIGNAL_TTL = Duration.ofMinutes(10);
  private static final int PAGE_LIMIT = 1000;
  private static final int MAX_RETRIES = 3;
  /** A runaway cursor (WeCom answering has_more forever) stops here; the next doorbell continues. */
  private static final int MAX_PAGES_PER_PULL = 1000;
  /** A page of up to 1000 items may take a while through the bot: the lease is renewed every so many items. */
  private static final int RENEW_EVERY_ITEMS = 50;

  /** What happens to each item of a page; fails only when the item could not be persisted. */
  @FunctionalInterface
  public interface Inbox {
    Future<Void> handle(KfAccount kf, KfMessage message);
  }

  private final Vertx vertx;
  private final Redis redis;
  private final WeComApi api;
  private final Inbox inbox;
  private final Duration lease;
  private final Duration retryDelay;
  private final String nodeId = UUID.randomUUID().toString();
  private final Set<String> pulling = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> retries = new ConcurrentHashMap<>();
  private final Set<Long> retryTimers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public KfPuller(Vertx vertx, Redis redis, WeComApi api, Inbox inbox, Duration lease, Duration retryDelay) {
    this.vertx = vertx;
    this.redis = redis;
    this.api = api;
    this.inbox = inbox;
    this.lease = lease;
    this.retryDelay = retryDelay;
  }

  /**
   * The doorbell rang for {@code kf} with this token: pull now, or leave the token for the node pulling.
   * Completes when this node's pull (if it started one) is over; never fails.
   */
  public Future<Void> signal(KfAccount kf, String token) {
    if (closed) {
      return Future.succeededFuture();
    }
    String signal = RedisKeys.kfSignal(kf.openKfId());
    return redis.send(Request.cmd(Command.SET).arg(signal).arg(token == null ? "" : token)
            .arg("PX").arg(SIGNAL_TTL.toMillis()))
        .compose(ok -> pull(kf))
        .recover(err -> {
          LOG.warn("Pull of 微信客服 {} not started: {}", kf.id(), err.toString());
          return Future.succeededFuture();
        });
  }

  /** Takes the lease and pulls while doorbell tokens wait; does nothing if another puller is at work. */
  private Future<Void> pull(KfAccount kf) {
    if (!pulling.add(kf.id())) {
      return Future.succeededFuture(); // this node pulls already and will see the new token
    }
    String leaseKey = RedisKeys.kfPullLease(kf.openKfId());
    return redis.send(Request.cmd(Command.SET).arg(leaseKey).arg(nodeId).arg("NX").arg("PX").arg(lease.toMillis()))
        .compose(taken -> {
          if (taken == null || !"OK".equals(taken.toString())) {
            pulling.remove(kf.id());
            return Future.succeededFuture();
          }
          return drain(kf).eventually(() -> RELEASE.run(redis, List.of(leaseKey), List.of(nodeId)))
              .eventually(() -> {
                pulling.remove(kf.id());
                return Future.succeededFuture();
              })
              // a doorbell that rang between our last look and the release found the lease taken: look again
              .compose(v -> redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.kfSignal(kf.openKfId()))))
              .compose(exists -> exists != null && exists.toInteger() == 1 ? pull(kf) : Future.succeededFuture());
        }, failed -> {
          pulling.remove(kf.id());
          return Future.failedFuture(failed);
        });
  }

  /** Uses waiting doorbell tokens until none is left. */
  private Future<Void> drain(KfAccount kf) {
    return redis.send(Request.cmd(Command.GETDEL).arg(RedisKeys.kfSignal(kf.openKfId()))).compose(token -> {
      if (token == null) {
        return Future.succeededFuture();
      }
      String value = token.toString();
      return pages(kf, value, 0).transform(done -> {
        if (done.succeeded()) {
          retries.remove(kf.id());
          return drain(kf);
        }
        scheduleRetry(kf, value, done.cause());
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> pages(KfAccount kf, String token, int pagesDone) {
    if (pagesDone >= MAX_PAGES_PER_PULL) {
      LOG.warn("微信客服 {}: stopped after {} pages in one pull; the next doorbell continues", kf.id(), pagesDone);
      return Future.succeededFuture();
    }
    String cursorKey = RedisKeys.kfCursor(kf.openKfId());
    return redis.send(Request.cmd(Command.GET).arg(cursorKey))
        .compose(cursor -> api.sync(kf, cursor == null ? null : cursor.toString(), token, PAGE_LIMIT))
        .compose(page -> handleAll(kf, page.messages(), 0)
            .compose(v -> page.nextCursor().isEmpty() ? Future.succeededFuture()
                : redis.send(Request.cmd(Command.SET).arg(cursorKey).arg(page.nextCursor())).<Void>mapEmpty())
            .compose(v -> renew(kf))
            .compose(v -> page.hasMore() ? pages(kf, token, pagesDone + 1) : Future.succeededFuture()));
  }

  /** In order, one after the other: a customer's messages must be answered in the order they wrote them. */
  private Future<Void> handleAll(KfAccount kf, List<KfMessage> messages, int index) {
    if (index >= messages.size()) {
      return Future.succeededFuture();
    }
    Future<Void> leased = index > 0 && index % RENEW_EVERY_ITEMS == 0 ? renew(kf) : Future.succeededFuture();
    return leased.compose(v -> inbox.handle(kf, messages.get(index))).compose(v -> handleAll(kf, messages, index + 1));
  }

  private Future<Void> renew(KfAccount kf) {
    return RENEW.run(redis, List.of(RedisKeys.kfPullLease(kf.openKfId())),
        List.of(nodeId, Long.toString(lease.toMillis()))).compose(renewed -> renewed.toInteger() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("lost the pull lease of " + kf.openKfId())));
  }

  private void scheduleRetry(KfAccount kf, String token, Throwable cause) {
    int attempt = retries.merge(kf.id(), 1, Integer::sum);
    if (attempt > MAX_RETRIES) {
      retries.remove(kf.id());
      LOG.error("Pull of 微信客服 {} failed {} times ({}); waiting for the next doorbell, cursor kept", kf.id(),
          MAX_RETRIES + 1, cause.toString());
      return;
    }
    LOG.warn("Pull of 微信客服 {} failed ({}); resuming from the saved cursor in {} ms", kf.id(), cause.toString(),
        retryDelay.toMillis());
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(Math.max(1, retryDelay.toMillis()), t -> {
      retryTimers.remove(timer[0]);
      signal(kf, token);
    });
    retryTimers.add(timer[0]);
  }

  /** Stops pending retries; doorbells after this are ignored (the node is shutting down). */
  public void close() {
    closed = true;
    retryTimers.forEach(vertx::cancelTimer);
    retryTimers.clear();
  }
}
