package io.kefu.channel.wechat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.UUID;

/** Unique accounts and users per test, so tests never share Redis keys. */
final class TestAccounts {
  static final String REDIS_URL = io.kefu.store.TestRedis.url();

  private TestAccounts() {
  }

  static WeChatAccount account(boolean stableToken) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return new WeChatAccount("acct-" + suffix, "wxtest" + suffix, "token", null, "secret-" + suffix,
        WeChatAccount.MessageMode.PLAINTEXT, stableToken);
  }

  static String openId() {
    return "o-" + UUID.randomUUID();
  }

  static Redis redis(Vertx vertx) {
    return Redis.createClient(vertx, REDIS_URL);
  }
}
