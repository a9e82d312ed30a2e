package io.kefu.handoff;

import io.kefu.channel.wechat.WindowStatus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** What agents see of the customer-service window: messages and time left. */
public final class WindowJson {
  private WindowJson() {
  }

  public static JsonObject of(WindowStatus w, Clock clock) {
    return new JsonObject()
        .put("open", w.open())
        .put("remainingMessages", w.remaining())
        .put("quota", w.quota())
        .put("used", w.used())
        .put("expiresAt", w.expiresAt() == null ? null : w.expiresAt().toEpochMilli())
        .put("remainingMs", w.expiresAt() == null || !w.open() ? 0
            : Math.max(0, w.expiresAt().toEpochMilli() - clock.millis()))
        .put("closedByWeChat", w.closedByWeChat());
  }
}
