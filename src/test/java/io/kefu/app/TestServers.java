package io.kefu.app;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Configuration trees for tests: a random port, the machine's Redis (or $KEFU_TEST_REDIS), one safe-mode account. */
public final class TestServers {
  public static final String REDIS_URL = io.kefu.store.TestRedis.url();

  private TestServers() {
  }

  /** A fresh account id and AppID so that tests never share Redis keys. */
  public static JsonObject config(String apiBase, String mode) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("redis", new JsonObject().put("url", REDIS_URL))
        .put("wechat", new JsonObject().put("apiBase", apiBase).put("replyBudget", "1s"))
        .put("accounts", new JsonObject().put("acc" + suffix, new JsonObject()
            .put("appId", "wx" + suffix + "abcd")
            .put("token", "tok" + suffix)
            .put("encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
            .put("secret", "secret")
            .put("mode", mode)));
  }
}
