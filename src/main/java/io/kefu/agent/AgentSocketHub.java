package io.kefu.agent;

import io.kefu.handoff.Actor;
import io.kefu.handoff.AgentFailureText;
import io.kefu.handoff.HandoffEvents;
import io.kefu.handoff.HandoffService;
import io.kefu.store.HandoffStore;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
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
 * Connections are counted under per-node leases ({@link SocketLeases}): those of a node that died count as
 * closed at its last heartbeat, so its agents follow the same rule; the grace is kept in Redis, so it ends
 * also when the node it began on is gone.
 */
public final class AgentSocketHub {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSocketHub.class);

  private final AgentAuth auth;
  private final HandoffService handoff;
  private final ChatApi chats;
  private final Clock clock;
  private final SocketLeases leases;
  private final Map<ServerWebSocket, AgentPrincipal> sockets = new ConcurrentHashMap<>();

  public AgentSocketHub(AgentAuth auth, HandoffService handoff, HandoffEvents events, ChatApi chats,
                        Clock clock, SocketLeases leases) {
    this.auth = auth;
    this.handoff = handoff;
    this.chats = chats;
    this.clock = clock;
    this.leases = leases;
    events.listen(this::deliver);
    leases.start(this::goOffline);
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
      leases.opened(agent.id())
          .onFailure(err -> LOG.warn("Socket of agent {} not counted: {}", agent.id(), err.toString()));
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
      ws.writeTextMessage(error("bad_request", "消息格式错误：必须是 JSON 对象"));
      return;
    }
    String type = message.getString("type", "");
    switch (type) {
      case "resync" -> sync(ws, agent);
      case "ping" -> ws.writeTextMessage(new JsonObject().put("type", "pong").put("at", clock.millis()).encode());
      case "typing" -> handoff.typing(ChatApi.actor(agent), message.getString("conversationId", ""),
              message.getBoolean("typing", true))
          .onFailure(err -> {
            LOG.debug("Typing of agent {} not shown: {}", agent.id(), err.toString());
            ws.writeTextMessage(error("typing_failed", "“正在输入”状态未发送：" + AgentFailureText.of(err)));
          });
      default -> ws.writeTextMessage(error("bad_request", "未知的消息类型“" + type + "”"));
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
        .onFailure(err -> {
          LOG.warn("Sync of agent {} failed: {}", agent.id(), err.toString());
          ws.writeTextMessage(error("sync_failed", "同步失败：" + AgentFailureText.of(err)));
        });
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
    // when shut down, the leases are halted and the nodes that stay release these sockets
    leases.closed(agent.id()).onFailure(err ->
        // the lease still lists the socket; it is released with this node's lease if Redis stays away
        LOG.warn("Closed socket of agent {} not counted: {}", agent.id(), err.toString()));
  }

  /** The agent's grace is over and no console of theirs is connected to a live node. */
  private Future<Void> goOffline(String agentId) {
    return handoff.presence(new Actor(agentId, Set.of(), false), io.kefu.routing.Presence.OFFLINE).mapEmpty();
  }

  private static String error(String code, String message) {
    return new JsonObject().put("type", "error").put("error", code).put("message", message).encode();
  }

  Set<AgentPrincipal> connectedAgents() {
    return Set.copyOf(sockets.values());
  }
}
