package io.kefu.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake of the WeChat API for load runs on 127.0.0.1: issues one access token and counts the customer-service
 * messages and typing calls Kefu sends. Unlike the test fake it keeps no request log, so it costs nothing per
 * call at thousands of messages a second.
 */
public final class CountingWeChatApi {
  private final AtomicLong sends = new AtomicLong();
  private final AtomicLong typing = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private HttpServer server;
  private volatile java.util.function.Consumer<String> onSend = user -> { };

  public static Future<CountingWeChatApi> start(Vertx vertx) {
    CountingWeChatApi api = new CountingWeChatApi();
    return vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
      String path = request.path();
      JsonObject answer = new JsonObject().put("errcode", 0).put("errmsg", "ok");
      switch (path) {
        case "/cgi-bin/token", "/cgi-bin/stable_token", "/cgi-bin/gettoken" -> {
          api.tokens.incrementAndGet();
          answer = new JsonObject().put("access_token", "load-token").put("expires_in", 7200);
        }
        case "/cgi-bin/message/custom/send", "/cgi-bin/message/send" -> {
          api.sends.incrementAndGet();
          if (body.succeeded()) {
            try {
              api.onSend.accept(new JsonObject(body.result()).getString("touser", ""));
            } catch (RuntimeException e) {
              api.other.incrementAndGet();
            }
          }
        }
        case "/cgi-bin/message/custom/typing" -> api.typing.incrementAndGet();
        default -> api.other.incrementAndGet();
      }
      request.response().putHeader("Content-Type", "application/json; charset=utf-8").end(answer.encode());
    })).listen(0, "127.0.0.1").map(server -> {
      api.server = server;
      return api;
    });
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Called with the {@code touser} of every customer-service message from now on. */
  public void onSend(java.util.function.Consumer<String> listener) {
    this.onSend = listener;
  }

  /** {@code message/custom/send} calls so far. */
  public long sends() {
    return sends.get();
  }

  public long typing() {
    return typing.get();
  }

  public long tokens() {
    return tokens.get();
  }

  public Future<Void> close() {
    return server.close();
  }
}
