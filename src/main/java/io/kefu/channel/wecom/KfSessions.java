package io.kefu.channel.wecom;

import io.kefu.channel.wechat.WeChatApiException;
import io.kefu.store.RedisKeys;
import io.kefu.store.RedisReplies;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;

/**
 * The 微信客服 session state of each customer as Kefu last learned it (from {@code service_state/get}, its own
 * transfers and WeCom's {@code session_status_change} events), shared by all nodes in Redis so the bot does
 * not ask WeCom before every answer. Unknown (or expired after 48 h, WeCom's session length) means ask.
 */
public final class KfSessions {
  static final Duration TTL = Duration.ofHours(48);

  private final Redis redis;
  private final WeComApi api;

  public KfSessions(Redis redis, WeComApi api) {
    this.redis = redis;
    this.api = api;
  }

  /** The known state, or WeCom's answer (then remembered). */
  public Future<KfSessionState> state(KfAccount kf, String externalUserId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.kfSession(kf.openKfId(), externalUserId)))
        .compose(reply -> {
          Map<String, String> known = RedisReplies.hash(reply);
          if (known.containsKey("state")) {
            return Future.succeededFuture(new KfSessionState(Integer.parseInt(known.get("state")),
                known.getOrDefault("servicer", "")));
          }
          return api.sessionState(kf, externalUserId)
              .compose(fresh -> remember(kf, externalUserId, fresh).map(fresh));
        });
  }

  public Future<Void> remember(KfAccount kf, String externalUserId, KfSessionState state) {
    String key = RedisKeys.kfSession(kf.openKfId(), externalUserId);
    return redis.send(Request.cmd(Command.HSET).arg(key).arg("state").arg(state.state())
            .arg("servicer").arg(state.servicer()))
        .compose(ok -> redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(TTL.toMillis())))
        .mapEmpty();
  }

  /**
   * WeCom refused a send (e.g. the session moved on in the WeCom client without an event reaching Kefu):
   * forget what Kefu believed, so the next answer asks WeCom first.
   */
  public Future<Void> forgetAfterRefusal(KfAccount kf, String externalUserId, Throwable refusal) {
    if (!(refusal instanceof WeChatApiException e) || e.errcode() == 0) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.DEL).arg(RedisKeys.kfSession(kf.openKfId(), externalUserId))).mapEmpty();
  }

  /** Makes sure the bot may send: a new or ended session is claimed for the bot ({@code trans → 1}). */
  public Future<KfSessionState> claimForBot(KfAccount kf, String externalUserId) {
    return state(kf, externalUserId).compose(current -> {
      if (current.state() == KfSessionState.BOT || current.withWeComServicer()) {
        return Future.succeededFuture(current);
      }
      KfSessionState bot = new KfSessionState(KfSessionState.BOT, "");
      return api.transfer(kf, externalUserId, KfSessionState.BOT, null)
          .compose(code -> remember(kf, externalUserId, bot)).map(bot);
    });
  }
}
