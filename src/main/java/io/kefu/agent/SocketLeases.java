package io.kefu.agent;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console sockets counted across nodes under per-node leases ({@link SocketLeasePolicy}). Each node keeps its
 * own sockets in a hash it rewrites on every heartbeat; an agent's socket count is the sum over nodes whose
 * lease is current, so sockets of a node killed with -9 stop counting when its lease runs out.
 *
 * <p>Going offline is kept in Redis, not in a node's timers: an agent whose last socket closed, or whose
 * sockets were on a node found dead, is entered in a due set with the end of their grace. Each heartbeat,
 * every node releases dead nodes (atomically, one node gets each) and takes the agents whose grace is over
 * and who have no socket on a live node; it hands them to the {@link Offline} listener. So a node that dies
 * while an agent's grace runs does not leave that agent online.
 *
 * <p>A node that shuts down cleanly does the same as one that dies: it stops heartbeating and leaves its
 * sockets to the nodes that stay.
 */
public final class SocketLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocketLeases.class);
  private static final LuaScript SET = LuaScript.load("socket-set");
  private static final LuaScript HEARTBEAT = LuaScript.load("socket-heartbeat");
  private static final LuaScript RELEASE = LuaScript.load("socket-release");
  private static final LuaScript DUE = LuaScript.load("socket-due");
  private static final int LIMIT = 100;

  /** Takes an agent offline whose grace is over (their chats go back to the queue). */
  public interface Offline {
    Future<Void> goOffline(String agentId);
  }

  private final Vertx vertx;
  private final Redis redis;
  private final Clock clock;
  private final String nodeId;
  private final SocketLeasePolicy policy;
  private final Map<String, Integer> local = new ConcurrentHashMap<>();
  private volatile Offline offline = agent -> Future.succeededFuture();
  private volatile long renewingSince = -1;
  private volatile boolean stopped;
  private long timer = -1;

  public SocketLeases(Vertx vertx, Redis redis, Clock clock, String nodeId, SocketLeasePolicy policy) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
    this.nodeId = nodeId;
    this.policy = policy;
  }

  /** Starts heartbeating and sweeping. */
  public SocketLeases start(Offline onGraceOver) {
    this.offline = onGraceOver;
    tick();
    timer = vertx.setPeriodic(policy.heartbeatEvery().toMillis(), t -> tick());
    return this;
  }

  public String nodeId() {
    return nodeId;
  }

  /** A socket of the agent opened on this node. */
  public Future<Void> opened(String agentId) {
    return write(agentId, local.merge(agentId, 1, Integer::sum), false);
  }

  /** A socket of the agent closed on this node; with none left on any live node, the agent's grace begins. */
  public Future<Void> closed(String agentId) {
    Integer left = local.computeIfPresent(agentId, (id, n) -> n > 1 ? n - 1 : null);
    return write(agentId, left == null ? 0 : left, true);
  }

  /**
   * Stops heartbeating without touching Redis, as a node killed with -9 would: its sockets count until the
   * lease runs out, then another node releases them. For clean shutdowns, and for tests that kill a node.
   */
  public void halt() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  public boolean halted() {
    return stopped;
  }

  @Override
  public void close() {
    halt();
  }

  /** One heartbeat, then (when this node has renewed for a whole lease) one sweep. */
  Future<Void> tick() {
    if (stopped) {
      return Future.succeededFuture();
    }
    long now = clock.millis();
    List<String> args = new ArrayList<>();
    args.add(nodeId);
    args.add(Long.toString(now));
    local.forEach((agent, n) -> {
      args.add(agent);
      args.add(Integer.toString(n));
    });
    return HEARTBEAT.run(redis, List.of(RedisKeys.socketNodes(), RedisKeys.nodeSockets(nodeId)), args)
        .<Void>compose(ok -> {
          if (renewingSince < 0) {
            renewingSince = now;
          }
          return policy.maySweep(renewingSince, clock.millis()) ? release().compose(v -> graceOver())
              : Future.succeededFuture();
        }, err -> {
          if (renewingSince >= 0) {
            LOG.warn("Socket lease of node {} not renewed: {}", nodeId, err.toString());
          }
          renewingSince = -1;
          return Future.succeededFuture();
        })
        .onFailure(err -> LOG.warn("Socket lease sweep failed: {}", err.toString()));
  }

  private Future<Void> release() {
    long now = clock.millis();
    return RELEASE.run(redis, List.of(RedisKeys.socketNodes(), RedisKeys.socketsOfflineDue()), List.of(
            Long.toString(policy.deadIfHeartbeatAtOrBefore(now)), RedisKeys.nodeSocketsPrefix(),
            Integer.toString(LIMIT), Long.toString(policy.disconnectGrace().toMillis())))
        .map(released -> {
          for (Response node : released) {
            long lastHeartbeat = (long) Double.parseDouble(node.get(1).toString());
            LOG.warn("Node {} missed its socket lease (last heartbeat {} ms ago); its {} agent(s) count as"
                + " disconnected since then", node.get(0), now - lastHeartbeat, node.get(2));
          }
          return null;
        });
  }

  private Future<Void> graceOver() {
    long now = clock.millis();
    return DUE.run(redis, List.of(RedisKeys.socketsOfflineDue(), RedisKeys.socketNodes()), List.of(
            Long.toString(now), Long.toString(policy.deadIfHeartbeatAtOrBefore(now)), RedisKeys.nodeSocketsPrefix(),
            Long.toString(policy.lease().toMillis()), Integer.toString(LIMIT)))
        .map(agents -> {
          for (Response agent : agents) {
            String id = agent.toString();
            LOG.info("Agent {} has had no console connection for {}; going offline", id, policy.disconnectGrace());
            offline.goOffline(id)
                .compose(v -> redis.send(Request.cmd(Command.ZREM).arg(RedisKeys.socketsOfflineDue()).arg(id)))
                // still in the due set: taken again, by this node or another, when the claim runs out
                .onFailure(err -> LOG.warn("Agent {} not taken offline yet: {}", id, err.toString()));
          }
          return null;
        });
  }

  private Future<Void> write(String agentId, int countHere, boolean closing) {
    if (stopped) {
      return Future.succeededFuture();
    }
    long now = clock.millis();
    return SET.run(redis, List.of(RedisKeys.socketNodes(), RedisKeys.nodeSockets(nodeId),
            RedisKeys.socketsOfflineDue()), List.of(nodeId, Long.toString(now), agentId, Integer.toString(countHere),
            Long.toString(policy.deadIfHeartbeatAtOrBefore(now)), RedisKeys.nodeSocketsPrefix(),
            closing ? Long.toString(policy.offlineAt(now)) : ""))
        .mapEmpty();
  }
}
