package io.kefu.handoff;

import io.kefu.app.KefuMetrics;
import io.kefu.channel.wecom.GroupRobot;
import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.StaffingAlarm;
import io.kefu.routing.StaffingAlertText;
import io.kefu.routing.StaffingAssessor;
import io.kefu.routing.StaffingStatus;
import io.kefu.routing.WaitEstimate;
import io.kefu.routing.WaitEstimator;
import io.kefu.bot.OverloadSignal;
import io.kefu.store.HandoffStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares, per skill group, the agents Erlang C says the SLA needs with the agents online, and raises the
 * yellow / orange / red alert: as metrics, as an event for supervisors, and (from the one node that records the change) as a
 * message to the WeCom group robot.
 */
public final class StaffingMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(StaffingMonitor.class);
  private static final int DEFAULT_SLOTS = 3;

  private final HandoffStore store;
  private final HandoffEvents events;
  private final KefuMetrics metrics;
  private final GroupRobot robot;
  private final HandoffSettings settings;
  private final Clock clock;
  private final StaffingAssessor assessor;
  private final StaffingAlarm alarm = new StaffingAlarm();
  private final Map<String, StaffingStatus> latest = new ConcurrentHashMap<>();
  private final Map<String, Boolean> overloadedSkills = new ConcurrentHashMap<>();
  private final Map<String, WaitEstimate> nextWaits = new ConcurrentHashMap<>();
  private final WaitEstimator waits = new WaitEstimator();
  private final OverloadSignal overload;

  public StaffingMonitor(HandoffStore store, HandoffEvents events, KefuMetrics metrics, GroupRobot robot,
                         HandoffSettings settings, Clock clock, OverloadSignal overload) {
    this.overload = overload;
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.robot = robot;
    this.settings = settings;
    this.clock = clock;
    this.assessor = new StaffingAssessor(settings.staffing(), settings.serviceLevelGoal());
  }

  /** Assesses every known skill group now. */
  public Future<List<StaffingStatus>> assess() {
    return store.skills().compose(skills -> store.onlineSlots().compose(slots -> {
      Set<String> all = new LinkedHashSet<>(skills);
      all.add(settings.defaultSkill());
      slots.forEach(s -> all.addAll(s.skills()));
      List<Future<StaffingStatus>> statuses = new ArrayList<>();
      for (String skill : all) {
        statuses.add(assess(skill, slots));
      }
      return Future.all(statuses).map(done -> {
        List<StaffingStatus> out = new ArrayList<>();
        statuses.forEach(f -> out.add(f.result()));
        return out;
      });
    }));
  }

  private Future<StaffingStatus> assess(String skill, List<AgentSlot> slots) {
    int online = 0;
    int capacity = 0;
    for (AgentSlot slot : slots) {
      if (slot.skills().contains(skill)) {
        online++;
        capacity += slot.capacity();
      }
    }
    int perAgent = online == 0 ? DEFAULT_SLOTS : Math.max(1, Math.round((float) capacity / online));
    int agentsOnline = online;
    int servers = capacity;
    int busy = 0;
    for (AgentSlot slot : slots) {
      if (slot.skills().contains(skill)) {
        busy += slot.load();
      }
    }
    int slotsBusy = busy;
    return store.arrivals(skill).compose(arrived -> store.handleSeconds(skill, settings.handlePrior().toSeconds())
        .compose(handle -> store.queueLength(skill).map(queued -> {
          double rate = arrived / (double) Math.max(60, settings.arrivalWindow().toSeconds());
          StaffingStatus status = assessor.assess(skill, rate, handle, settings.sla().slaFor(false, null), perAgent,
              agentsOnline, queued);
          latest.put(skill, status);
          metrics.skillGauge(KefuMetrics.AGENTS_ONLINE, skill, agentsOnline);
          metrics.skillGauge(KefuMetrics.AGENTS_REQUIRED, skill, status.requiredAgents());
          metrics.skillGauge(KefuMetrics.STAFFING_LEVEL, skill, status.level().ordinal());
          // the next customer to escalate would wait behind everyone queued now
          WaitEstimate next = waits.estimate((int) (queued + 1), servers, slotsBusy, rate, handle);
          boolean overloaded = queued > 0 && (!next.known()
              || next.expectedWait().compareTo(settings.sla().slaFor(false, null)) > 0);
          overloadedSkills.put(skill, overloaded);
          nextWaits.put(skill, next);
          return status;
        })));
  }

  /** One periodic round: assess, switch the bot's overload mode, alert on level changes. */
  public Future<Void> round() {
    return assess().<Void>compose(statuses -> {
      overload.set(overloadedSkills.values().stream().anyMatch(Boolean::booleanValue));
      List<StaffingStatus> changed = new ArrayList<>();
      for (StaffingStatus status : statuses) {
        Optional<StaffingStatus> alert = alarm.update(status);
        alert.ifPresent(changed::add);
      }
      if (changed.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Future<Void>> sent = new ArrayList<>();
      for (StaffingStatus status : changed) {
        sent.add(store.announceStaffing(status.skill(), status.level().name()).compose(mine -> {
          if (!mine) {
            return Future.succeededFuture();
          }
          events.publish(json(status).put("type", "staffing.alert").put("at", clock.millis()));
          return robot.send(StaffingAlertText.format(status))
              .onFailure(err -> LOG.warn("Staffing alert for {} not delivered to the group robot: {}", status.skill(),
                  err.getMessage()));
        }));
      }
      return Future.join(sent).<Void>mapEmpty();
    }).otherwiseEmpty();
  }

  /**
   * What the last assessment of {@code skill} expects the next customer to escalate there to wait; empty when unknown
   * (never assessed, or nobody online to serve it).
   */
  public Optional<java.time.Duration> expectedWait(String skill) {
    WaitEstimate next = nextWaits.get(skill);
    return next == null || !next.known() ? Optional.empty() : Optional.of(next.expectedWait());
  }

  public Map<String, StaffingStatus> latest() {
    return Map.copyOf(latest);
  }

  public static JsonObject json(StaffingStatus s) {
    return new JsonObject().put("skill", s.skill()).put("requiredAgents", s.requiredAgents())
        .put("onlineAgents", s.onlineAgents()).put("shortfall", s.shortfall())
        .put("level", s.level().name().toLowerCase(java.util.Locale.ROOT));
  }
}
