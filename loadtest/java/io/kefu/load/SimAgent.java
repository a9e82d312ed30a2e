package io.kefu.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.Map;

/**
 * A simulated human agent over the real agent API, behaving like a console: logs in, keeps the WebSocket open
 * (reconnecting and taking the {@code sync} it gets as the truth after every reconnect), goes online for a shift, and
 * for each chat the router assigns to it ({@code chat.assigned}, or a chat in a {@code sync}) writes a first message
 * after the customer's reaction delay, then closes the chat after their handle time (both from the caller, already
 * scaled to compressed time). A chat that leaves the agent meanwhile ({@code chat.requeued}, {@code
 * chat.transferred}, {@code chat.closed}, going offline) is dropped before anything is written to it. Runs on one
 * Vert.x context; nothing blocks.
 */
public final class SimAgent {
  private static final int RECONNECTS = 5;

  private final Vertx vertx;
  private final WebClient http;
  private final int port;
  private final String id;
  private final Timing timing;
  private final FirstResponses firstResponses;
  /** conversation id → the assignment this agent is working on */
  private final Map<String, Work> mine = new HashMap<>();
  /**
   * Held for the agent's lifetime: Vert.x closes a client nobody references any more (a {@code Cleaner}), and with
   * it the console's socket (close code 1000) at the next GC.
   */
  private final WebSocketClient sockets;
  private String token;
  private WebSocket socket;
  private boolean online;
  private boolean closing;

  /** One assignment of a chat to this agent ({@code assignedAt} tells a re-assignment from the same one). */
  private record Work(long assignedAt, long[] timer) {
  }

  /** Where an agent reports what it did (Kefu's clock is the machine's, so its FRTs are comparable). */
  public interface FirstResponses {
    void answered(boolean vip, long frtMs, long slaMs);

    /** A call Kefu refused or that failed; {@code what} names it. */
    void failed(String what);

    /** Something the agent noticed that is not a failure (a chat taken back before the agent wrote, a reconnect). */
    default void noted(String what) {
    }

    /** How late the machine was: {@code assigned} (event "at" to its arrival here) or {@code send} (the POST). */
    default void lag(String what, long ms) {
    }
  }

  /**
   * How long this agent takes for a customer: reaction to the first message (on the customer's {@code attempt}-th
   * assignment, 0 the first, counted by Kefu's re-queues), then the handle time (scaled).
   */
  public interface Timing {
    long reactionMs(String customer, int attempt);

    long handleMs(String customer);
  }

  public SimAgent(Vertx vertx, WebClient http, int port, String id, Timing timing, FirstResponses firstResponses) {
    this.vertx = vertx;
    this.http = http;
    this.port = port;
    this.id = id;
    this.timing = timing;
    this.firstResponses = firstResponses;
    this.sockets = vertx.createWebSocketClient();
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
          return openSocket();
        });
  }

  private Future<Void> openSocket() {
    var ws = sockets.webSocket()
        .textMessageHandler(text -> event(new JsonObject(text)))
        .closeHandler(v -> {
          WebSocket closed = socket;
          firstResponses.noted("console closed (" + (closed == null ? "?" : closed.closeStatusCode() + " "
              + closed.closeReason()) + ")");
          reconnect(1);
        });
    return ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/ws?token=" + token)).map(s -> {
          socket = s;
          return null;
        });
  }

  /** A dropped console connects again (the server then sends a fresh {@code sync}). */
  private void reconnect(int attempt) {
    socket = null;
    if (closing) {
      return;
    }
    firstResponses.noted("console reconnect");
    vertx.setTimer(200L * attempt, t -> openSocket().onFailure(err -> {
      if (attempt < RECONNECTS) {
        reconnect(attempt + 1);
      } else {
        firstResponses.failed("console reconnect gave up: " + err.getMessage());
      }
    }));
  }

  /** Starts or ends the shift; going offline hands open chats back to the queue (Kefu's rule). */
  public synchronized Future<Void> presence(boolean online) {
    if (this.online == online) {
      return Future.succeededFuture();
    }
    this.online = online;
    if (!online) {
      mine.values().forEach(w -> vertx.cancelTimer(w.timer()[0]));
      mine.clear();
    }
    return call(HttpMethod.PUT, "/api/me/presence", new JsonObject().put("presence", online ? "online" : "offline"))
        .mapEmpty();
  }

  public Future<Void> close() {
    closing = true;
    return (socket == null ? Future.<Void>succeededFuture() : socket.close()).eventually(sockets::close);
  }

  private synchronized void event(JsonObject e) {
    String type = e.getString("type", "");
    switch (type) {
      case "sync" -> sync(e.getJsonArray("chats", new JsonArray()));
      case "chat.assigned" -> {
        if (id.equals(e.getString("agent"))) {
          firstResponses.lag("assigned", System.currentTimeMillis() - e.getLong("at", System.currentTimeMillis()));
          take(e.getJsonObject("conversation", new JsonObject()));
        }
      }
      case "chat.closed" -> drop(e.getString("conversationId"), type);
      case "chat.requeued", "chat.transferred" -> {
        if (!id.equals(e.getString("agent"))) {
          drop(e.getString("conversationId"), type);
        }
      }
      default -> {
      }
    }
  }

  /**
   * After (re)connecting: the chats Kefu says are this agent's are worked on. Nothing is dropped here: a sync read
   * before an assignment can arrive after its event; a chat that left meanwhile is refused on the first write.
   */
  private synchronized void sync(JsonArray chats) {
    if (!online) {
      return;
    }
    for (Object item : chats) {
      JsonObject c = (JsonObject) item;
      if (id.equals(c.getString("agent")) && "ASSIGNED".equals(c.getString("state"))) {
        take(c);
      }
    }
  }

  private synchronized void take(JsonObject c) {
    if (!online) {
      return;
    }
    String chat = c.getString("id");
    long assignedAt = c.getLong("assignedAt", 0L);
    Work current = mine.get(chat);
    if (current != null && current.assignedAt() == assignedAt) {
      return;
    }
    if (current != null) {
      vertx.cancelTimer(current.timer()[0]);
    }
    Work work = new Work(assignedAt, new long[1]);
    mine.put(chat, work);
    String customer = c.getString("customer", "");
    // A chat answered before (taken over after its agent went offline, or a transfer) still gets a message from
    // its new agent, as a real one greets the customer: Kefu's first-message timeout applies to every assignment.
    // Only the first response counts for the agents' own FRT clock (escalatedAt 0 below).
    boolean answeredBefore = c.getLong("firstResponseAt", 0L) > 0;
    boolean vip = c.getBoolean("vip", false);
    long escalatedAt = answeredBefore ? 0L : c.getLong("escalatedAt", 0L);
    long deadline = c.getLong("deadline", 0L);
    work.timer()[0] = vertx.setTimer(Math.max(1, timing.reactionMs(customer, c.getInteger("requeues", 0))), t -> write(chat, work, customer,
        vip, escalatedAt, deadline));
  }

  private synchronized void write(String chat, Work work, String customer, boolean vip, long escalatedAt,
                                  long deadline) {
    if (mine.get(chat) != work) {
      return;
    }
    long sentAt = System.currentTimeMillis();
    call(HttpMethod.POST, "/api/chats/" + chat + "/messages",
        new JsonObject().put("type", "text").put("text", "您好，我是人工客服，请问有什么可以帮您？"))
        .onSuccess(sent -> {
          firstResponses.lag("send", System.currentTimeMillis() - sentAt);
          if (escalatedAt > 0 && deadline > 0) {
            firstResponses.answered(vip, System.currentTimeMillis() - escalatedAt, deadline - escalatedAt);
          }
          synchronized (this) {
            if (mine.get(chat) == work) {
              work.timer()[0] = vertx.setTimer(Math.max(1, timing.handleMs(customer)), h -> finish(chat, work));
            }
          }
        })
        .onFailure(err -> {
          synchronized (this) {
            if (mine.get(chat) == work) {
              mine.remove(chat);
            }
          }
          firstResponses.failed(err.getMessage());
        });
  }

  private synchronized void finish(String chat, Work work) {
    if (mine.get(chat) != work) {
      return;
    }
    mine.remove(chat);
    call(HttpMethod.POST, "/api/chats/" + chat + "/close", null)
        .onFailure(err -> firstResponses.failed(err.getMessage()));
  }

  private synchronized void drop(String chat, String why) {
    Work work = chat == null ? null : mine.remove(chat);
    if (work != null) {
      vertx.cancelTimer(work.timer()[0]);
      firstResponses.noted("chat taken back before done (" + why + ")");
    }
  }

  private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    var request = http.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(token);
    return (body == null ? request.send() : request.sendJsonObject(body)).compose(r -> r.statusCode() == 200
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(method + " " + path + ": HTTP " + r.statusCode() + " " + r.bodyAsString()));
  }
}
