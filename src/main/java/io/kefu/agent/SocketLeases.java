package io.kefu.agent;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console sockets counted across nodes under per-node leases ({@link SocketLeasePolicy}). Each node keeps its
 * own sockets in a hash it rewrites on every heartbeat; an agent's socket count is the sum over nodes whose
 * lease is current, so sockets of a node killed with -9 stop counting when its lease runs out. Every node
 * also sweeps: it takes a dead node's agents out of Redis atomically (one sweeper gets them) and hands each
 * to the {@link Released} listener, which treats them like agents whose last socket closed.
 *
 * <p>A node that shuts down cleanly does the same as one that dies: it stops heartbeating and leaves its
 * sockets to the sweepers of the nodes that stay, because its own timers end with it.
 */
public final class SocketLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocketLeases.class);
  private static final LuaScript SET = LuaScript.load("socket-set");
  private static final LuaScript HEARTBEAT = LuaScript.load("socket-heartbeat");
  private static final LuaScript RELEASE = LuaScript.load("socket-release");
  private static final int RELEASE_LIMIT = 100;

  /** Hears about an agent whose sockets were on a dead node. */
  public interface Released {
    /** @param offlineAfter how long the agent still has to reconnect (the grace left since the node's last heartbeat) */
    void released(String agentId, Duration offlineAfter);
  }

  private final Vertx vertx;
  private final Redis redis;
  private final Clock clock;
  private final String nodeId;
  private final SocketLeasePolicy policy;
  private final Map<String, Integer> local = new ConcurrentHashMap<>();
  private volatile Released listener = (agent, after) -> { };
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
  public SocketLeases start(Released onReleased) {
    this.listener = onReleased;
    tick();
    timer = vertx.setPeriodic(policy.heartbeatEvery().toMillis(), t -> tick());
    return this;
  }

  public String nodeId() {
    return nodeId;
  }

  public SocketLeasePolicy policy() {
    return policy;
  }

  /** A socket of the agent opened on this node; completes with the agent's sockets on all live nodes. */
  public Future<Long> opened(String agentId) {
    return write(agentId, local.merge(agentId, 1, Integer::sum));
  }

  /** A socket of the agent closed on this node; completes with the agent's sockets left on all live nodes. */
  public Future<Long> closed(String agentId) {
    Integer left = local.computeIfPresent(agentId, (id, n) -> n > 1 ? n - 1 : null);
    return write(agentId, left == null ? 0 : left);
  }

  /** The agent's sockets on all live nodes. */
  public Future<Long> count(String agentId) {
    return write(agentId, local.getOrDefault(agentId, 0));
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
          return policy.maySweep(renewingSince, clock.millis()) ? sweep() : Future.succeededFuture();
        }, err -> {
          if (renewingSince >= 0) {
            LOG.warn("Socket lease of node {} not renewed: {}", nodeId, err.toString());
          }
          renewingSince = -1;
          return Future.succeededFuture();
        })
        .onFailure(err -> LOG.warn("Socket lease sweep failed: {}", err.toString()));
  }

  private Future<Void> sweep() {
    long now = clock.millis();
    return RELEASE.run(redis, List.of(RedisKeys.socketNodes()), List.of(
            Long.toString(policy.deadIfHeartbeatAtOrBefore(now)), RedisKeys.nodeSocketsPrefix(),
            Integer.toString(RELEASE_LIMIT)))
        .map(released -> {
          for (Response node : released) {
            String dead = node.get(0).toString();
            long lastHeartbeat = (long) Double.parseDouble(node.get(1).toString());
            Response agents = node.get(2);
            LOG.warn("Node {} missed its socket lease (last heartbeat {} ms ago); releasing {} agent(s)", dead,
                now - lastHeartbeat, agents.size());
            for (Response agent : agents) {
              listener.released(agent.toString(), policy.offlineAfter(lastHeartbeat, now));
            }
          }
          return null;
        });
  }

  private Future<Long> write(String agentId, int countHere) {
    if (stopped) {
      return Future.succeededFuture((long) countHere);
    }
    long now = clock.millis();
    return SET.run(redis, List.of(RedisKeys.socketNodes(), RedisKeys.nodeSockets(nodeId)), List.of(nodeId,
            Long.toString(now), agentId, Integer.toString(countHere),
            Long.toString(policy.deadIfHeartbeatAtOrBefore(now)), RedisKeys.nodeSocketsPrefix()))
        .map(Response::toLong);
  }
}
