package io.kefu.handoff;

import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand-off events (a chat was queued, assigned, answered, closed …) as JSON on a Redis pub/sub channel, so
 * every node hears every event and can tell the agents connected to it. A node also hears its own events.
 */
public final class HandoffEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffEvents.class);

  private final Vertx vertx;
  private final Redis redis;
  private final String connectionString;
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private volatile RedisConnection subscription;
  private volatile io.vertx.core.Context context;
  private volatile boolean closed;

  public HandoffEvents(Vertx vertx, Redis redis, String connectionString) {
    this.vertx = vertx;
    this.redis = redis;
    this.connectionString = connectionString;
  }

  public void listen(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  public Future<Void> publish(JsonObject event) {
    return redis.send(Request.cmd(Command.PUBLISH).arg(RedisKeys.events()).arg(event.encode()))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("Event {} not published: {}", event.getString("type"), err.getMessage()));
  }

  /** Opens the subscription; reconnects by itself when the connection drops. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString)).connect()
        .compose(conn -> {
          subscription = conn;
          conn.handler(this::onPush);
          conn.exceptionHandler(err -> LOG.warn("Event subscription failed: {}", err.getMessage()));
          conn.endHandler(v -> {
            if (!closed) {
              LOG.warn("Event subscription closed; reconnecting");
              vertx.setTimer(1_000, t -> start());
            }
          });
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.events()));
        })
        .<Void>mapEmpty()
        .recover(err -> {
          if (!closed) {
            LOG.warn("Cannot subscribe to hand-off events ({}); retrying", err.getMessage());
            vertx.setTimer(1_000, t -> start());
          }
          return Future.succeededFuture();
        });
  }

  private void onPush(Response push) {
    if (push == null || push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI || push.size() < 3
        || !"message".equals(push.get(0).toString())) {
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(push.get(2).toString());
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed hand-off event: {}", e.getMessage());
      return;
    }
    for (Consumer<JsonObject> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.error("Hand-off event listener failed on {}", event.getString("type"), e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    RedisConnection conn = subscription;
    if (conn != null) {
      // the connection belongs to the context that opened it; close() may be called from a worker
      context.runOnContext(v -> conn.close());
    }
  }
}
