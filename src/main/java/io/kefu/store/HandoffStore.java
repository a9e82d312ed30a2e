package io.kefu.store;

import io.kefu.conversation.Conversation;
import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.AssignmentPlanner.QueuedChat;
import io.kefu.routing.OverflowRule;
import io.kefu.routing.Presence;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-off state in Redis: skill queues, assignments, agents' presence and load. Every change of who owns
 * a conversation is one Lua script, so several Kefu nodes sharing the Redis never give a conversation to
 * two agents nor an agent more than their cap. The choice of whom to give what is
 * {@link io.kefu.routing.AssignmentPlanner}'s; this class only applies it.
 */
public final class HandoffStore {
  private static final LuaScript ENQUEUE = LuaScript.load("handoff-enqueue");
  private static final LuaScript ASSIGN = LuaScript.load("handoff-assign");
  private static final LuaScript REQUEUE = LuaScript.load("handoff-requeue");
  private static final LuaScript CLOSE = LuaScript.load("handoff-close");
  private static final LuaScript ANNOUNCE = LuaScript.load("staffing-announce");
  private static final int HANDLE_SAMPLES = 50;

  private final Redis redis;
  private final Clock clock;
  private final Duration arrivalWindow;

  public HandoffStore(Redis redis, Clock clock, Duration arrivalWindow) {
    this.redis = redis;
    this.clock = clock;
    this.arrivalWindow = arrivalWindow;
  }

  public enum AssignMode { AUTO, PULL, FORCE }

  /** @param status queued, already (it was queued or assigned before) or unknown (no such conversation) */
  public record Enqueued(String status, int position) {
    public boolean queued() {
      return status.equals("queued");
    }
  }

  /** @param outcome ok, or why not: not_queued, unknown_agent, agent_disabled, agent_not_online, agent_full, skill_mismatch, reserved, excluded */
  public record Assigned(String outcome, int load) {
    public boolean ok() {
      return outcome.equals("ok");
    }
  }

  /** @param outcome ok, moved (changed meanwhile) or not_active */
  public record Requeued(String outcome, String previousAgent) {
    public boolean ok() {
      return outcome.equals("ok");
    }
  }

  /** @param outcome closed, moved or not_open */
  public record Closed(String outcome, String previousState, String agent, long assignedAt, long firstResponseAt) {
    public boolean ok() {
      return outcome.equals("closed");
    }
  }

  /** What the router plans with: queued chats of all skills and online agents with their load. */
  public record Snapshot(List<QueuedChat> queued, List<AgentSlot> agents, Map<String, Integer> queueLengths) {
  }

  /** Routing fields of one agent. */
  public record AgentState(String id, Presence presence, Set<String> groups, int maxChats, Set<String> chats) {
  }

  public Future<Conversation> get(String conversationId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.conversation(conversationId)))
        .map(r -> Conversation.fromFields(hash(r)));
  }

  public Future<Enqueued> enqueue(String conversationId, String skill, Instant deadline, boolean vip, String tier,
                                  String reason) {
    long now = clock.millis();
    return ENQUEUE.run(redis, List.of(RedisKeys.conversation(conversationId), RedisKeys.queue(skill),
            RedisKeys.skills(), RedisKeys.arrivals(skill), RedisKeys.awaitingFirstResponse()),
        List.of(conversationId, Long.toString(now), skill, Long.toString(deadline.toEpochMilli()), vip ? "1" : "0",
            tier == null ? "" : tier, reason == null ? "" : reason, Long.toString(arrivalWindow.toMillis())))
        .map(r -> {
          String status = r.get(0).toString();
          String position = status.equals("queued") ? r.get(1).toString()
              : status.equals("already") && r.size() > 2 ? r.get(2).toString() : "";
          return new Enqueued(status, position.isEmpty() ? 0 : Integer.parseInt(position));
        });
  }

  public Future<Assigned> assign(String conversationId, String skill, String agentId, AssignMode mode) {
    return assign(conversationId, skill, agentId, mode, null);
  }

  /**
   * @param overflow with {@link AssignMode#AUTO}: the overflow rule through which an agent outside the chat's group
   *                 may get it (the script checks again that the chat has waited long enough), or null
   */
  public Future<Assigned> assign(String conversationId, String skill, String agentId, AssignMode mode,
                                 OverflowRule overflow) {
    return ASSIGN.run(redis, List.of(RedisKeys.conversation(conversationId), RedisKeys.queue(skill),
            RedisKeys.agent(agentId), RedisKeys.agentChats(agentId)),
        List.of(conversationId, agentId, Long.toString(clock.millis()), mode.name().toLowerCase(java.util.Locale.ROOT),
            overflow == null ? "" : overflow.to(), overflow == null ? "0" : Long.toString(overflow.after().toMillis())))
        .map(r -> new Assigned(r.get(0).toString(), r.size() > 1 ? Integer.parseInt(r.get(1).toString()) : 0));
  }

  /**
   * Puts a conversation back into a queue with its original deadline.
   *
   * @param current         the conversation as the caller read it (its agent and skill are checked again)
   * @param excludePrevious keep the router from giving it straight back to the same agent
   * @param targetSkill     queue to put it in (a transfer to another group), or null for the same one
   * @param preferredAgent  only this agent may take it (a transfer to an agent), or null
   */
  public Future<Requeued> requeue(Conversation current, boolean excludePrevious, String targetSkill,
                                  String preferredAgent) {
    String skill = current.skill();
    String target = targetSkill == null ? skill : targetSkill;
    String agent = current.agent();
    return REQUEUE.run(redis, List.of(RedisKeys.conversation(current.id()),
            RedisKeys.agentChats(agent.isEmpty() ? "-" : agent), RedisKeys.queue(skill), RedisKeys.queue(target),
            RedisKeys.skills()),
        List.of(current.id(), agent, Long.toString(clock.millis()), excludePrevious ? "1" : "0", target,
            preferredAgent == null ? "" : preferredAgent, skill))
        .map(r -> new Requeued(r.get(0).toString(), r.size() > 1 ? r.get(1).toString() : ""));
  }

  public Future<Closed> close(Conversation current, String closedBy) {
    String agent = current.agent();
    return CLOSE.run(redis, List.of(RedisKeys.conversation(current.id()),
            RedisKeys.agentChats(agent.isEmpty() ? "-" : agent), RedisKeys.queue(current.skill().isEmpty() ? "-"
                : current.skill()), RedisKeys.awaitingFirstResponse()),
        List.of(current.id(), Long.toString(clock.millis()), closedBy, agent))
        .map(r -> r.get(0).toString().equals("closed")
            ? new Closed("closed", r.get(1).toString(), r.get(2).toString(), parseLong(r.get(3)), parseLong(r.get(4)))
            : new Closed(r.get(0).toString(), r.size() > 1 ? r.get(1).toString() : "", "", 0, 0));
  }

  /** Records the first human reply; true only for the first one (it stops the first-response clock). */
  public Future<Boolean> markFirstResponse(String conversationId, String agentId, long atMillis) {
    String key = RedisKeys.conversation(conversationId);
    return redis.send(Request.cmd(Command.HSETNX).arg(key).arg("firstResponseAt").arg(atMillis))
        .compose(r -> r.toInteger() == 1
            ? redis.batch(List.of(Request.cmd(Command.HSET).arg(key).arg("firstAgent").arg(agentId),
                Request.cmd(Command.ZREM).arg(RedisKeys.awaitingFirstResponse()).arg(conversationId))).map(true)
            : Future.succeededFuture(false));
  }

  /** Stops tracking conversations whose deadline is older than {@code deadlineMillis}. */
  public Future<Void> forgetAwaitingBefore(long deadlineMillis) {
    return redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(RedisKeys.awaitingFirstResponse()).arg("-inf")
        .arg(deadlineMillis)).mapEmpty();
  }

  /** Conversations still waiting for a first human reply, earliest deadline first. */
  public Future<List<String>> awaitingFirstResponse(int limit) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(RedisKeys.awaitingFirstResponse()).arg(0).arg(limit - 1))
        .map(r -> {
          List<String> ids = new ArrayList<>();
          r.forEach(x -> ids.add(x.toString()));
          return ids;
        });
  }

  public Future<Void> setFields(String conversationId, Map<String, String> fields) {
    Request hset = Request.cmd(Command.HSET).arg(RedisKeys.conversation(conversationId));
    fields.forEach((k, v) -> hset.arg(k).arg(v));
    return redis.send(hset).mapEmpty();
  }

  /** Sets presence; the online set is what the router sees. */
  public Future<Void> setPresence(String agentId, Presence presence) {
    Request hset = Request.cmd(Command.HSET).arg(RedisKeys.agent(agentId)).arg("presence").arg(presence.wire())
        .arg("presenceAt").arg(clock.millis());
    Request online = presence == Presence.ONLINE
        ? Request.cmd(Command.SADD).arg(RedisKeys.onlineAgents()).arg(agentId)
        : Request.cmd(Command.SREM).arg(RedisKeys.onlineAgents()).arg(agentId);
    return redis.batch(List.of(hset, online)).mapEmpty();
  }

  public Future<AgentState> agent(String agentId) {
    return redis.batch(List.of(
            Request.cmd(Command.HMGET).arg(RedisKeys.agent(agentId)).arg("presence").arg("groups").arg("maxChats"),
            Request.cmd(Command.SMEMBERS).arg(RedisKeys.agentChats(agentId))))
        .map(rs -> {
          Response f = rs.get(0);
          Set<String> chats = new LinkedHashSet<>();
          rs.get(1).forEach(x -> chats.add(x.toString()));
          String presence = f.get(0) == null ? "offline" : f.get(0).toString();
          return new AgentState(agentId, Presence.parse(presence), csv(f.get(1)), f.get(2) == null ? 0
              : Integer.parseInt(f.get(2).toString()), chats);
        });
  }

  /** Conversations queued for a skill, earliest deadline first. */
  public Future<List<Conversation>> queued(String skill, int limit) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(RedisKeys.queue(skill)).arg(0).arg(limit - 1))
        .compose(ids -> {
          List<String> list = new ArrayList<>();
          ids.forEach(x -> list.add(x.toString()));
          return conversations(list);
        });
  }

  public Future<List<Conversation>> conversations(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>(ids.size());
    ids.forEach(id -> requests.add(Request.cmd(Command.HGETALL).arg(RedisKeys.conversation(id))));
    return redis.batch(requests).map(rs -> {
      List<Conversation> out = new ArrayList<>(rs.size());
      rs.forEach(r -> {
        Conversation c = Conversation.fromFields(hash(r));
        if (c.exists()) {
          out.add(c);
        }
      });
      return out;
    });
  }

  public Future<Set<String>> skills() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.skills())).map(HandoffStore::set);
  }

  /** Chats waiting in a skill queue. */
  public Future<Long> queueLength(String skill) {
    return redis.send(Request.cmd(Command.ZCARD).arg(RedisKeys.queue(skill))).map(Response::toLong);
  }

  /** 1-based place of a queued conversation in its skill queue (0 when it is not queued). */
  public Future<Integer> position(Conversation conversation) {
    return redis.send(Request.cmd(Command.ZRANK).arg(RedisKeys.queue(conversation.skill())).arg(conversation.id()))
        .map(r -> r == null ? 0 : r.toInteger() + 1);
  }

  /** Everything the router needs, read in two round trips per side. */
  public Future<Snapshot> snapshot(int perSkill) {
    Future<Map<String, List<String>>> queues = skills().compose(skills -> {
      List<String> names = new ArrayList<>(skills);
      List<Request> requests = new ArrayList<>();
      names.forEach(s -> requests.add(Request.cmd(Command.ZRANGE).arg(RedisKeys.queue(s)).arg(0).arg(perSkill - 1)));
      return requests.isEmpty() ? Future.succeededFuture(Map.<String, List<String>>of())
          : redis.batch(requests).map(rs -> {
            Map<String, List<String>> out = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
              List<String> ids = new ArrayList<>();
              rs.get(i).forEach(x -> ids.add(x.toString()));
              out.put(names.get(i), ids);
            }
            return out;
          });
    });
    Future<List<Conversation>> chats = queues.compose(q -> conversations(q.values().stream().flatMap(List::stream)
        .toList()));
    Future<List<AgentSlot>> agents = onlineSlots();
    return Future.all(chats, agents).map(all -> {
      Map<String, Integer> lengths = new HashMap<>();
      queues.result().forEach((skill, ids) -> lengths.put(skill, ids.size()));
      List<QueuedChat> queued = new ArrayList<>();
      for (Conversation c : chats.result()) {
        if (c.state() == io.kefu.conversation.ConversationState.QUEUED) {
          queued.add(new QueuedChat(c.id(), c.skill(), c.deadline(), c.escalatedAt(), c.vip(), c.ticket(),
              c.preferredAgent().isEmpty() ? null : c.preferredAgent(), Set.copyOf(c.excluded())));
        }
      }
      return new Snapshot(queued, agents.result(), lengths);
    });
  }

  /** Online agents with their skills, load and cap. */
  public Future<List<AgentSlot>> onlineSlots() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.onlineAgents())).compose(ids -> {
      List<String> agents = new ArrayList<>();
      ids.forEach(x -> agents.add(x.toString()));
      if (agents.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      List<Request> requests = new ArrayList<>();
      for (String id : agents) {
        requests.add(Request.cmd(Command.HMGET).arg(RedisKeys.agent(id)).arg("groups").arg("maxChats")
            .arg("lastAssignedAt").arg("presence").arg("disabled"));
        requests.add(Request.cmd(Command.SCARD).arg(RedisKeys.agentChats(id)));
      }
      return redis.batch(requests).map(rs -> {
        List<AgentSlot> slots = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
          Response f = rs.get(2 * i);
          if (f.get(1) == null || !"online".equals(str(f.get(3))) || "1".equals(str(f.get(4)))
              || "true".equals(str(f.get(4)))) {
            continue;
          }
          slots.add(new AgentSlot(agents.get(i), csv(f.get(0)), rs.get(2 * i + 1).toInteger(),
              Integer.parseInt(f.get(1).toString()), parseLong(f.get(2))));
        }
        return slots;
      });
    });
  }

  /** Escalations of a skill within the arrival window. */
  public Future<Long> arrivals(String skill) {
    long now = clock.millis();
    return redis.send(Request.cmd(Command.ZCOUNT).arg(RedisKeys.arrivals(skill)).arg(now - arrivalWindow.toMillis())
        .arg("+inf")).map(Response::toLong);
  }

  public Future<Void> recordHandleTime(String skill, Duration handleTime) {
    return redis.batch(List.of(
        Request.cmd(Command.LPUSH).arg(RedisKeys.handleTimes(skill)).arg(handleTime.toMillis()),
        Request.cmd(Command.LTRIM).arg(RedisKeys.handleTimes(skill)).arg(0).arg(HANDLE_SAMPLES - 1))).mapEmpty();
  }

  /** Mean of the recent handle times of a skill in seconds, or {@code fallback} when there are none. */
  public Future<Double> handleSeconds(String skill, double fallback) {
    return redis.send(Request.cmd(Command.LRANGE).arg(RedisKeys.handleTimes(skill)).arg(0).arg(-1)).map(r -> {
      if (r == null || r.size() == 0) {
        return fallback;
      }
      double sum = 0;
      for (Response x : r) {
        sum += x.toLong();
      }
      return sum / r.size() / 1000.0;
    });
  }

  /** Records a staffing level as announced; true only for the one caller that changed it. */
  public Future<Boolean> announceStaffing(String skill, String level) {
    return ANNOUNCE.run(redis, List.of(RedisKeys.staffingAnnounced(skill)), List.of(level))
        .map(r -> r.toInteger() == 1);
  }

  /** Takes ownership (or renews this node's lease) of a conversation's SLA timers for this node; true if it is ours. */
  public Future<Boolean> claimTimers(String conversationId, String nodeId, Duration ttl) {
    String key = RedisKeys.slaTimerOwner(conversationId);
    return redis.send(Request.cmd(Command.SET).arg(key).arg(nodeId).arg("NX").arg("PX").arg(ttl.toMillis()))
        .compose(r -> r != null ? Future.succeededFuture(true)
            : redis.send(Request.cmd(Command.GET).arg(key)).compose(owner -> owner != null
                && owner.toString().equals(nodeId)
                ? redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(ttl.toMillis())).map(true)
                : Future.succeededFuture(false)));
  }

  /**
   * Marks an SLA checkpoint of one escalation as raised; true only for the first caller, so of two nodes that
   * both ran the timers (one taking them over from a node that died) exactly one raises it.
   */
  public Future<Boolean> firstToRaise(String conversationId, long escalatedAtMillis, String checkpoint, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.slaRaised(conversationId, escalatedAtMillis, checkpoint))
            .arg("1").arg("NX").arg("PX").arg(Math.max(1, ttl.toMillis())))
        .map(r -> r != null);
  }

  static Map<String, String> hash(Response r) {
    Map<String, String> fields = new HashMap<>();
    if (r != null) {
      for (String k : r.getKeys()) {
        fields.put(k, r.get(k).toString());
      }
    }
    return fields;
  }

  private static Set<String> csv(Response r) {
    if (r == null || r.toString().isEmpty()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(r.toString().split(",")));
  }

  private static Set<String> set(Response r) {
    Set<String> out = new LinkedHashSet<>();
    if (r != null) {
      r.forEach(x -> out.add(x.toString()));
    }
    return out;
  }

  private static String str(Response r) {
    return r == null ? null : r.toString();
  }

  private static long parseLong(Response r) {
    if (r == null || r.toString().isEmpty()) {
      return 0;
    }
    return Long.parseLong(r.toString());
  }
}
