package io.kefu.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.HashSet;
import java.util.Set;

/**
 * A simulated human agent over the real agent API: logs in, goes online for a shift, and for each
 * {@code chat.assigned} to them writes a first message after the customer's reaction delay, then closes
 * the chat after their handle time (both from the caller, already scaled to compressed time). Runs on one Vert.x
 * context; nothing blocks.
 */
public final class SimAgent {
  private final Vertx vertx;
  private final WebClient http;
  private final int port;
  private final String id;
  private final Timing timing;
  private final FirstResponses firstResponses;
  private final Set<String> mine = new HashSet<>();
  private String token;
  private WebSocket socket;
  private boolean online;

  /** Where an agent reports the first responses it wrote (Kefu's clock is the machine's). */
  public interface FirstResponses {
    void answered(boolean vip, long frtMs, long slaMs);

    void failed(String what);
  }

  /** How long this agent takes for a customer: reaction to the first message, then the handle time (scaled). */
  public interface Timing {
    long reactionMs(String customer);

    long handleMs(String customer);
  }

  public SimAgent(Vertx vertx, WebClient http, int port, String id, Timing timing, FirstResponses firstResponses) {
    this.vertx = vertx;
    this.http = http;
    this.port = port;
    this.id = id;
    this.timing = timing;
    this.firstResponses = firstResponses;
  }

  public String id() {
    return id;
  }

  /** Logs in and opens the console WebSocket (still offline). */
  public Future<Void> connect(String password) {
    return http.post(port, "127.0.0.1", "/api/login")
        .sendJsonObject(new JsonObject().put("id", id).put("password", password))
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject().getString("token"))
            : Future.failedFuture("login of " + id + ": HTTP " + r.statusCode() + " " + r.bodyAsString()))
        .compose(t -> {
          token = t;
          var ws = vertx.createWebSocketClient().webSocket().textMessageHandler(text -> event(new JsonObject(text)));
          return ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI("/api/ws?token=" + token)).map(s -> {
                socket = s;
                return null;
              });
        });
  }

  /** Starts or ends the shift; going offline hands open chats back to the queue (Kefu's rule). */
  public Future<Void> presence(boolean online) {
    this.online = online;
    if (!online) {
      mine.clear();
    }
    return call(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", online ? "online" : "offline"))
        .mapEmpty();
  }

  public Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  private void event(JsonObject e) {
    if (!"chat.assigned".equals(e.getString("type")) || !id.equals(e.getString("agent")) || !online) {
      return;
    }
    String chat = e.getString("conversationId");
    if (!mine.add(chat)) {
      return;
    }
    JsonObject c = e.getJsonObject("conversation", new JsonObject());
    boolean vip = c.getBoolean("vip", false);
    Long escalatedAt = c.getLong("escalatedAt");
    Long deadline = c.getLong("deadline");
    boolean firstTime = c.getValue("firstResponseAt") == null;
    String customer = c.getString("customer", "");
    // the router already assigned the chat to this agent (accept is for taking a queued one): just answer
    vertx.setTimer(Math.max(1, timing.reactionMs(customer)), t -> call(HttpMethod.POST, "/api/chats/" + chat
        + "/messages", new JsonObject().put("type", "text").put("text", "您好，我是人工客服，请问有什么可以帮您？"))
        .onSuccess(sent -> {
          if (firstTime && escalatedAt != null && deadline != null) {
            firstResponses.answered(vip, System.currentTimeMillis() - escalatedAt, deadline - escalatedAt);
          }
          vertx.setTimer(Math.max(1, timing.handleMs(customer)), h -> {
            if (mine.remove(chat)) {
              call(HttpMethod.POST, "/api/chats/" + chat + "/close", null);
            }
          });
        })
        .onFailure(err -> {
          mine.remove(chat);
          firstResponses.failed(err.getMessage());
        }));
  }

  private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    var request = http.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(token);
    return (body == null ? request.send() : request.sendJsonObject(body)).compose(r -> r.statusCode() == 200
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(method + " " + path + ": HTTP " + r.statusCode() + " " + r.bodyAsString()));
  }
}
