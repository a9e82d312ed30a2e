package io.kefu.agent;

import io.kefu.handoff.HandoffEvents;
import io.kefu.handoff.HandoffService;
import io.kefu.store.HandoffStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/ws?token=…}: the console's live channel. The server pushes hand-off events as JSON (only
 * those about chats the agent may see) and a {@code sync} snapshot on connect and on {@code {"type":"resync"}},
 * so a console that reconnects after a drop is whole again. When an agent's last connection (across all
 * nodes) has been gone for the grace period, the agent goes offline and their chats return to the queue.
 */
public final class AgentSocketHub {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSocketHub.class);

  private final Vertx vertx;
  private final AgentAuth auth;
  private final HandoffService handoff;
  private final ChatApi chats;
  private final Clock clock;
  private final Duration disconnectGrace;
  private final Map<ServerWebSocket, AgentPrincipal> sockets = new ConcurrentHashMap<>();

  public AgentSocketHub(Vertx vertx, AgentAuth auth, HandoffService handoff, HandoffEvents events, ChatApi chats,
                        Clock clock, Duration disconnectGrace) {
    this.vertx = vertx;
    this.auth = auth;
    this.handoff = handoff;
    this.chats = chats;
    this.clock = clock;
    this.disconnectGrace = disconnectGrace;
    events.listen(this::deliver);
  }

  public void mount(Router router) {
    router.get("/api/ws").handler(this::upgrade);
  }

  public int connections() {
    return sockets.size();
  }

  private void upgrade(RoutingContext ctx) {
    String token = AgentAuth.webSocketToken(ctx.request());
    if (token == null || token.isBlank()) {
      ApiErrors.send(ctx, ApiErrors.unauthorized("a token is required (query parameter token or Sec-WebSocket-Protocol)"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> auth.verify(token).onComplete(verified -> {
      if (verified.failed()) {
        ws.close((short) 4401, "unauthorized");
        return;
      }
      AgentPrincipal agent = verified.result();
      sockets.put(ws, agent);
      handoff.store().socketOpened(agent.id());
      ws.textMessageHandler(text -> onClientMessage(ws, agent, text));
      ws.closeHandler(v -> closed(ws, agent));
      sync(ws, agent);
    })).onFailure(err -> LOG.debug("WebSocket upgrade failed: {}", err.getMessage()));
  }

  private void onClientMessage(ServerWebSocket ws, AgentPrincipal agent, String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      ws.writeTextMessage(error("bad_request", "messages must be JSON objects"));
      return;
    }
    String type = message.getString("type", "");
    switch (type) {
      case "resync" -> sync(ws, agent);
      case "ping" -> ws.writeTextMessage(new JsonObject().put("type", "pong").put("at", clock.millis()).encode());
      case "typing" -> handoff.typing(ChatApi.actor(agent), message.getString("conversationId", ""),
              message.getBoolean("typing", true))
          .onFailure(err -> ws.writeTextMessage(error("typing_failed", err.getMessage())));
      default -> ws.writeTextMessage(error("bad_request", "unknown message type '" + type + "'"));
    }
  }

  private void sync(ServerWebSocket ws, AgentPrincipal agent) {
    Future.all(chats.chatsOf(agent.id()), chats.queueFor(agent, null), handoff.store().agent(agent.id()))
        .onSuccess(all -> ws.writeTextMessage(new JsonObject()
            .put("type", "sync")
            .put("at", clock.millis())
            .put("me", new JsonObject().put("id", agent.id()).put("name", agent.name())
                .put("groups", List.copyOf(agent.groups()))
                .put("presence", ((HandoffStore.AgentState) all.resultAt(2)).presence().wire()))
            .put("chats", all.resultAt(0))
            .put("queue", all.resultAt(1))
            .encode()))
        .onFailure(err -> ws.writeTextMessage(error("sync_failed", err.getMessage())));
  }

  private void deliver(JsonObject event) {
    String text = null;
    for (Map.Entry<ServerWebSocket, AgentPrincipal> entry : sockets.entrySet()) {
      if (concerns(event, entry.getValue())) {
        if (text == null) {
          text = event.encode();
        }
        entry.getKey().writeTextMessage(text);
      }
    }
  }

  /** Who hears an event: the agent it names, its group's members and supervisors. */
  static boolean concerns(JsonObject event, AgentPrincipal agent) {
    String type = event.getString("type", "");
    if (type.startsWith("staffing.") || type.equals("agent.presence")) {
      return agent.has(Role.SUPERVISOR) || agent.id().equals(event.getString("agent"));
    }
    if (agent.id().equals(event.getString("agent")) || agent.id().equals(event.getString("previousAgent"))) {
      return true;
    }
    String skill = event.getString("skill");
    return skill != null && agent.canSee(skill);
  }

  private void closed(ServerWebSocket ws, AgentPrincipal agent) {
    sockets.remove(ws);
    handoff.store().socketClosed(agent.id()).onSuccess(left -> {
      if (left > 0) {
        return;
      }
      vertx.setTimer(Math.max(1, disconnectGrace.toMillis()), t -> handoff.store().socketCount(agent.id())
          .onSuccess(count -> {
            if (count <= 0) {
              LOG.info("Agent {} disconnected for {}; going offline", agent.id(), disconnectGrace);
              handoff.presence(ChatApi.actor(agent), io.kefu.routing.Presence.OFFLINE);
            }
          }));
    });
  }

  private static String error(String code, String message) {
    return new JsonObject().put("type", "error").put("error", code).put("message", message).encode();
  }

  Set<AgentPrincipal> connectedAgents() {
    return Set.copyOf(sockets.values());
  }
}
