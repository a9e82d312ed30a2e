package io.kefu.handoff;

import static io.kefu.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A console as tests see it: REST calls with the agent's token and the WebSocket event stream. */
public final class AgentClient {
  private final WebClient http;
  private final Vertx vertx;
  private final int port;
  private final String token;
  private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private WebSocket socket;

  private AgentClient(Vertx vertx, int port, String token) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.port = port;
    this.token = token;
  }

  public static AgentClient login(Vertx vertx, int port, String id, String password) throws Exception {
    HttpResponse<Buffer> r = await(WebClient.create(vertx).post(port, "127.0.0.1", "/api/login")
        .sendJsonObject(new JsonObject().put("id", id).put("password", password)));
    if (r.statusCode() != 200) {
      throw new AssertionError("login of " + id + " failed: " + r.statusCode() + " " + r.bodyAsString());
    }
    return new AgentClient(vertx, port, r.bodyAsJsonObject().getString("token"));
  }

  public String token() {
    return token;
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body) throws Exception {
    var request = http.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(token);
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  public JsonObject ok(HttpMethod method, String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> r = call(method, path, body);
    if (r.statusCode() != 200) {
      throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  /** Opens the WebSocket and waits for the first sync. */
  public JsonObject connect() throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    // the handler is set before connecting: the server's sync may arrive before connect() completes here
    var ws = client.webSocket().textMessageHandler(text -> events.add(new JsonObject(text)));
    await(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/ws?token=" + token)));
    socket = ws;
    return next(e -> "sync".equals(e.getString("type")));
  }

  public void send(JsonObject message) throws Exception {
    await(socket.writeTextMessage(message.encode()));
  }

  public void disconnect() throws Exception {
    if (socket != null) {
      await(socket.close());
    }
  }

  /** The next event matching, waiting up to 10 s; earlier non-matching events are kept in {@link #seen()}. */
  public JsonObject next(Predicate<JsonObject> wanted) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      JsonObject e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e == null) {
        continue;
      }
      seen.add(e);
      if (wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no matching event within 10 s; saw " + seen);
  }

  public static Predicate<JsonObject> type(String type, String conversationId) {
    return e -> type.equals(e.getString("type"))
        && (conversationId == null || conversationId.equals(e.getString("conversationId")));
  }

  public List<JsonObject> seen() {
    return seen;
  }
}
