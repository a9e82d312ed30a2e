package io.kefu.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import java.util.ArrayDeque;

/**
 * Keep-alive connections of one generator event loop, used only on that loop: an idle stack and a FIFO of waiting
 * requests, both O(1) per request. (Vert.x's shared pool scans its waiters on every event, which with thousands
 * waiting was the generator's hottest frame.) WeChat opens as many connections as it needs; so does this, up to
 * {@code max}.
 */
final class LoopConnections {
  private final HttpClientAgent client;
  private final HttpConnectOptions options;
  private final int max;
  private final ArrayDeque<HttpClientConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Promise<HttpClientConnection>> waiting = new ArrayDeque<>();
  private int open;

  LoopConnections(HttpClientAgent client, String host, int port, int max) {
    this.client = client;
    this.options = new HttpConnectOptions().setHost(host).setPort(port).setConnectTimeout(5_000);
    this.max = Math.max(1, max);
  }

  /** A connection for one request: an idle one, a new one below the limit, or the next one released. */
  Future<HttpClientConnection> acquire() {
    HttpClientConnection connection = idle.pollFirst();
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    if (open < max) {
      return connect();
    }
    Promise<HttpClientConnection> promise = Promise.promise();
    waiting.addLast(promise);
    return promise.future();
  }

  /** The request on {@code connection} finished cleanly: it serves the next waiter or goes back on the stack. */
  void release(HttpClientConnection connection) {
    Promise<HttpClientConnection> next = waiting.pollFirst();
    if (next != null) {
      next.complete(connection);
    } else {
      idle.addFirst(connection);
    }
  }

  /** The request on {@code connection} was reset or failed: it is closed, and a waiter gets a new one. */
  void discard(HttpClientConnection connection) {
    connection.close();
  }

  private Future<HttpClientConnection> connect() {
    open++;
    return client.connect(options).onSuccess(connection -> connection.closeHandler(v -> {
      open--;
      idle.remove(connection);
      Promise<HttpClientConnection> next = waiting.pollFirst();
      if (next != null) {
        connect().onComplete(next);
      }
    })).onFailure(err -> open--);
  }
}
