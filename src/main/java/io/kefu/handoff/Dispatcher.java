package io.kefu.handoff;

import io.kefu.app.KefuMetrics;
import io.kefu.conversation.Conversation;
import io.kefu.routing.AssignmentPlanner;
import io.kefu.routing.Cancellable;
import io.kefu.routing.OverflowRule;
import io.kefu.routing.Scheduler;
import io.kefu.store.HandoffStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs routing rounds: reads the queues and online agents, lets {@link AssignmentPlanner} choose, and applies
 * each choice with the store's compare-and-set. Rounds are triggered by events (a chat queued, an agent
 * online, a slot freed) and coalesced: at most one round runs per node, a kick during a round runs one more.
 * Several nodes may plan at once; the compare-and-set keeps their results consistent.
 * Also owns the first-message timers: an assigned chat its agent does not answer in time is re-queued.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int PER_SKILL = 200;

  private final HandoffStore store;
  private final HandoffEvents events;
  private final KefuMetrics metrics;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration firstMessageTimeout;
  private final AssignmentPlanner planner;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final Map<String, Cancellable> firstMessageTimers = new ConcurrentHashMap<>();
  /** the round planned for when the next queued chat becomes eligible for an overflow group */
  private final Object overflowLock = new Object();
  private Cancellable overflowRound;
  private long overflowRoundAt = Long.MAX_VALUE;

  public Dispatcher(HandoffStore store, HandoffEvents events, KefuMetrics metrics, Scheduler scheduler, Clock clock,
                    Duration firstMessageTimeout) {
    this(store, events, metrics, scheduler, clock, firstMessageTimeout, List.of());
  }

  public Dispatcher(HandoffStore store, HandoffEvents events, KefuMetrics metrics, Scheduler scheduler, Clock clock,
                    Duration firstMessageTimeout, List<OverflowRule> overflow) {
    this.planner = new AssignmentPlanner(overflow, clock);
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.scheduler = scheduler;
    this.clock = clock;
    this.firstMessageTimeout = firstMessageTimeout;
  }

  /** Asks for a routing round soon. */
  public void kick() {
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    round().onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Routing round failed: {}", done.cause().toString());
      }
      running.set(false);
      if (again.getAndSet(false)) {
        kick();
      }
    });
  }

  /** One routing round; completes with the assignments this node made. */
  public Future<List<AssignmentPlanner.Assignment>> round() {
    return store.snapshot(PER_SKILL).compose(snapshot -> {
      snapshot.queueLengths().forEach((skill, n) -> metrics.skillGauge(KefuMetrics.QUEUE_LENGTH, skill, n));
      List<AssignmentPlanner.Assignment> plan = planner.plan(snapshot.queued(), snapshot.agents());
      planOverflowRound(planner.nextOverflowAtMs(snapshot.queued()));
      Map<String, String> skills = new ConcurrentHashMap<>();
      snapshot.queued().forEach(q -> skills.put(q.conversationId(), q.skill()));
      List<Future<AssignmentPlanner.Assignment>> applied = new ArrayList<>();
      for (AssignmentPlanner.Assignment a : plan) {
        String skill = skills.get(a.conversationId());
        applied.add(store.assign(a.conversationId(), skill, a.agentId(), HandoffStore.AssignMode.AUTO,
            a.overflowGroup() == null ? null : planner.overflowOf(skill)).compose(result -> {
              if (!result.ok()) {
                LOG.debug("Assignment {} → {} not applied: {}", a.conversationId(), a.agentId(), result.outcome());
                return Future.succeededFuture(null);
              }
              if (a.overflowGroup() != null) {
                metrics.overflowed(skill, a.overflowGroup());
              }
              return assigned(a.conversationId(), a.agentId(), a.overflowGroup() == null ? "auto" : "overflow")
                  .map(a);
            }));
      }
      return Future.join(applied).map(all -> {
        List<AssignmentPlanner.Assignment> made = new ArrayList<>();
        for (int i = 0; i < applied.size(); i++) {
          if (applied.get(i).succeeded() && applied.get(i).result() != null) {
            made.add(applied.get(i).result());
          }
        }
        return made;
      });
    });
  }

  /** One routing round when a waiting chat becomes eligible for its overflow group (earlier than any planned). */
  private void planOverflowRound(long atMs) {
    if (atMs == Long.MAX_VALUE) {
      return;
    }
    synchronized (overflowLock) {
      if (overflowRound != null && overflowRoundAt <= atMs) {
        return;
      }
      if (overflowRound != null) {
        overflowRound.cancel();
      }
      overflowRoundAt = atMs;
      overflowRound = scheduler.schedule(Instant.ofEpochMilli(atMs), () -> {
        synchronized (overflowLock) {
          overflowRound = null;
          overflowRoundAt = Long.MAX_VALUE;
        }
        kick();
      });
    }
  }

  /** After any successful assignment: tell everyone and start the first-message timer. */
  public Future<Void> assigned(String conversationId, String agentId, String how) {
    return store.get(conversationId).compose(c -> {
      watchFirstMessage(c);
      return events.publish(HandoffEventsJson.chat("chat.assigned", c, clock).put("how", how));
    });
  }

  /** Re-queues the chat if its agent has written nothing to it by the timeout. */
  public void watchFirstMessage(Conversation c) {
    Cancellable previous = firstMessageTimers.remove(c.id());
    if (previous != null) {
      previous.cancel();
    }
    long assignedAt = c.assignedAt();
    String agent = c.agent();
    firstMessageTimers.put(c.id(), scheduler.schedule(Instant.ofEpochMilli(assignedAt).plus(firstMessageTimeout), () -> {
      firstMessageTimers.remove(c.id());
      store.get(c.id()).compose(now -> {
        if (!now.assignedTo(agent) || now.assignedAt() != assignedAt
            || lastAgentMessage(now) >= assignedAt) {
          return Future.succeededFuture();
        }
        return store.requeue(now, true, null, null).compose(r -> {
          if (!r.ok()) {
            return Future.succeededFuture();
          }
          metrics.requeued(now.skill(), "first_message_timeout");
          LOG.info("Conversation {} re-queued: agent {} wrote nothing within {}", now.id(), agent,
              firstMessageTimeout);
          kick();
          return store.get(now.id()).compose(after -> events.publish(HandoffEventsJson.chat("chat.requeued", after,
              clock).put("previousAgent", agent).put("why", "first_message_timeout")));
        });
      }).onFailure(err -> LOG.warn("First-message check of {} failed: {}", c.id(), err.toString()));
    }));
  }

  public void forget(String conversationId) {
    Cancellable timer = firstMessageTimers.remove(conversationId);
    if (timer != null) {
      timer.cancel();
    }
  }

  private static long lastAgentMessage(Conversation c) {
    return c.lastAgentMessageAt();
  }
}
