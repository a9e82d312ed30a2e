package io.kefu.handoff;

import io.kefu.app.KefuMetrics;
import io.kefu.conversation.Conversation;
import io.kefu.routing.FirstResponseClock;
import io.kefu.routing.Scheduler;
import io.kefu.routing.SlaListener;
import io.kefu.store.HandoffStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the 50 / 80 / 95 % warnings and the breach of each escalated conversation's first-response SLA
 * with timers ({@link FirstResponseClock}). Exactly one node owns a conversation's timers: ownership is a
 * short lease in Redis that the owner renews on each sweep; when a node dies, another takes the lease over
 * on its next sweep and re-arms the timers (the clock fires the latest checkpoint already passed). Each
 * checkpoint is raised at most once per escalation ({@link HandoffStore#firstToRaise}), so the checkpoint the
 * dead owner had raised just before it died is not raised again by the node that takes over.
 */
public final class SlaMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);
  private static final int SWEEP_LIMIT = 5_000;
  /** Conversations breached this long ago raised their breach already; sweeping stops looking after them. */
  private static final Duration STALE = Duration.ofHours(1);

  private final HandoffStore store;
  private final HandoffEvents events;
  private final KefuMetrics metrics;
  private final Clock clock;
  private final String nodeId;
  private final Duration lease;
  private final FirstResponseClock timers;

  public SlaMonitor(HandoffStore store, HandoffEvents events, KefuMetrics metrics, Scheduler scheduler, Clock clock,
                    List<Double> warnings, String nodeId, Duration lease) {
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.nodeId = nodeId;
    this.lease = lease;
    this.timers = new FirstResponseClock(scheduler, clock, warnings, new SlaListener() {
      @Override
      public void onWarning(String conversationId, double fraction, Instant at) {
        checkpoint(conversationId, fraction, false);
      }

      @Override
      public void onBreach(String conversationId, Instant at) {
        checkpoint(conversationId, 1.0, true);
      }
    });
  }

  /** Takes the timers of a freshly escalated conversation (if no other node holds them). */
  public Future<Void> track(Conversation c) {
    return store.claimTimers(c.id(), nodeId, lease).map(ours -> {
      if (ours) {
        timers.start(c.id(), Instant.ofEpochMilli(c.escalatedAt()), Instant.ofEpochMilli(c.deadline()));
      }
      return null;
    });
  }

  /** The conversation got its first human reply or was closed: its timers are no longer needed. */
  public void stop(String conversationId) {
    timers.cancel(conversationId);
  }

  /** Renews this node's leases and adopts conversations whose owner is gone. */
  public Future<Void> sweep() {
    return store.forgetAwaitingBefore(clock.millis() - STALE.toMillis())
        .compose(v -> store.awaitingFirstResponse(SWEEP_LIMIT)).compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> store.claimTimers(id, nodeId, lease).compose(ours -> {
          if (!ours) {
            timers.cancel(id);
            return Future.succeededFuture();
          }
          return store.get(id).map(c -> {
            if (c.firstResponseAt() > 0 || !c.state().withHumans()) {
              timers.cancel(id);
            } else if (!timers.isRunning(id)) {
              timers.start(id, Instant.ofEpochMilli(c.escalatedAt()), Instant.ofEpochMilli(c.deadline()));
            }
            return null;
          });
        }));
      }
      return chain;
    });
  }

  public int running() {
    return timers.running();
  }

  /** Whether this node runs the timers of {@code conversationId}. */
  public boolean holds(String conversationId) {
    return timers.isRunning(conversationId);
  }

  private void checkpoint(String conversationId, double fraction, boolean breach) {
    store.get(conversationId).compose(c -> {
      if (!c.exists() || c.firstResponseAt() > 0 || !c.state().withHumans()) {
        return Future.succeededFuture();
      }
      // kept past the deadline for as long as sweeps still look after the conversation
      Duration keep = Duration.ofMillis(Math.max(0, c.deadline() - clock.millis())).plus(STALE);
      return store.firstToRaise(c.id(), c.escalatedAt(), breach ? "breach" : Double.toString(fraction), keep)
          .compose(first -> first ? raise(c, fraction, breach) : Future.succeededFuture());
    }).onFailure(err -> LOG.warn("SLA checkpoint of {} not checked: {}", conversationId, err.toString()));
  }

  private Future<Void> raise(Conversation c, double fraction, boolean breach) {
    JsonObject event = HandoffEventsJson.chat(breach ? "sla.breach" : "sla.warning", c, clock)
        .put("fraction", fraction).put("remainingMs", Math.max(0, c.deadline() - clock.millis()));
    if (breach) {
      metrics.slaBreach(c.skill());
      LOG.warn("SLA breached: conversation {} ({}) has no human reply {} after escalation", c.id(), c.skill(),
          Duration.ofMillis(clock.millis() - c.escalatedAt()));
    } else {
      metrics.slaWarning(c.skill(), fraction);
    }
    return events.publish(event);
  }
}
