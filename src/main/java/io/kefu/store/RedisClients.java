package io.kefu.store;

import io.kefu.app.KefuConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Builds the pooled Redis client sized for peak load (the client's 6 connections / 24 waiters are far too few). */
public final class RedisClients {
  private RedisClients() {
  }

  public static Redis create(Vertx vertx, String connectionString, KefuConfig.RedisSettings settings) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(connectionString)
        .setMaxPoolSize(settings.maxPoolSize())
        .setMaxPoolWaiting(settings.maxPoolWaiting())
        .setMaxWaitingHandlers(settings.maxWaitingHandlers())
        .setPoolRecycleTimeout(15_000)
        .setPoolName("kefu-redis");
    return Redis.createClient(vertx, options);
  }
}
