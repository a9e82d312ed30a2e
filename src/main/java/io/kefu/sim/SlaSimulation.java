package io.kefu.sim;

import io.kefu.routing.AssignmentPlanner;
import io.kefu.routing.AssignmentPlanner.AgentSlot;
import io.kefu.routing.AssignmentPlanner.Assignment;
import io.kefu.routing.AssignmentPlanner.QueuedChat;
import io.kefu.routing.FirstResponseClock;
import io.kefu.routing.SlaListener;
import io.kefu.routing.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One replication of a scenario: a discrete-event simulation on {@link VirtualScheduler}'s virtual clock that
 * routes with the production {@link AssignmentPlanner} and measures with the production {@link FirstResponseClock}.
 * Every escalation's random attributes are drawn up front from streams that depend on the seed only, so two
 * policies or rosters run on exactly the same customers.
 */
public final class SlaSimulation {
  /** {@code edf}: the production order (earliest deadline, VIP first); {@code fifo}: oldest first, no classes. */
  public enum Policy { EDF, FIFO }

  private static final Instant START = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SKILL = "general";

  private final SlaScenario scenario;
  private final Policy policy;
  private final long seed;

  public SlaSimulation(SlaScenario scenario, Policy policy, long seed) {
    this.scenario = scenario;
    this.policy = policy;
    this.seed = seed;
  }

  /** A customer who reached a human, with everything random about them drawn in advance. */
  public record Escalation(String id, long atMs, boolean vip, long reactionMs, long handleMs, long patienceMs) {
  }

  private static final class Agent {
    final String id;
    int load;
    boolean onShift;
    long lastAssignedMs;

    Agent(String id) {
      this.id = id;
    }
  }

  /** Per-interval and per-class counts of one run. */
  public static final class Run {
    public final List<IntervalStats> intervals = new ArrayList<>();
    public final Map<Boolean, ClassStats> byVip = Map.of(true, new ClassStats(), false, new ClassStats());
    public int warnings;
    public int breaches;
  }

  /** Counts of one class (VIP or standard). */
  public static final class ClassStats {
    public int escalated;
    public int answered;
    public int met;
    public int abandoned;
    /** still waiting past their deadline when the run ended */
    public int abandonedAfterSla;
    public final List<Long> frtMs = new ArrayList<>();

    /** Answered within the SLA / everyone who escalated and was answered, gave up, or still waits past the deadline. */
    public double attainment() {
      int base = answered + abandoned + abandonedAfterSla;
      return base == 0 ? 1.0 : (double) met / base;
    }
  }

  /** What happened to the escalations of one interval, and the state of the floor during it. */
  public static final class IntervalStats {
    public final long startMs;
    public int escalations;
    public int answered;
    public int met;
    public int abandoned;
    public int abandonedAfterSla;
    public int agentsOnShift;
    public int queueAtEnd;
    public double busySlotSeconds;
    public double slotSeconds;
    public final List<Long> frtMs = new ArrayList<>();

    IntervalStats(long startMs) {
      this.startMs = startMs;
    }

    public double attainment() {
      int base = answered + abandoned + abandonedAfterSla;
      return base == 0 ? 1.0 : (double) met / base;
    }

    public double occupancy() {
      return slotSeconds == 0 ? 0 : busySlotSeconds / slotSeconds;
    }
  }

  public Run run() {
    VirtualScheduler scheduler = new VirtualScheduler(START);
    Run run = new Run();
    long startMs = START.toEpochMilli();
    long lengthMs = scenario.length().toMillis();
    long intervalMs = scenario.interval().toMillis();
    for (long t = 0; t < lengthMs; t += intervalMs) {
      run.intervals.add(new IntervalStats(t));
    }
    FirstResponseClock clock = new FirstResponseClock(scheduler, scheduler.clock(), List.of(0.5, 0.8, 0.95),
        new SlaListener() {
          @Override
          public void onWarning(String conversationId, double fraction, Instant at) {
            run.warnings++;
          }

          @Override
          public void onBreach(String conversationId, Instant at) {
            run.breaches++;
          }
        });
    AssignmentPlanner planner = new AssignmentPlanner();
    TreeSet<QueuedChat> queue = new TreeSet<>(AssignmentPlanner.SERVING_ORDER);
    Map<String, QueuedChat> queuedById = new HashMap<>();
    Map<String, Escalation> escalations = new HashMap<>();
    Map<String, Long> deadlines = new HashMap<>();
    List<Agent> agents = new ArrayList<>();
    long[] lastAccounting = {startMs};

    Runnable account = () -> {
      long now = scheduler.now().toEpochMilli();
      long from = lastAccounting[0];
      if (now > from) {
        int index = (int) Math.min(run.intervals.size() - 1, (from - startMs) / intervalMs);
        int busy = 0;
        int slots = 0;
        for (Agent a : agents) {
          busy += a.load;
          slots += a.onShift ? scenario.concurrency() : a.load;
        }
        double seconds = (now - from) / 1000.0;
        run.intervals.get(index).busySlotSeconds += busy * seconds;
        run.intervals.get(index).slotSeconds += slots * seconds;
      }
      lastAccounting[0] = now;
    };

    Runnable[] dispatch = new Runnable[1];
    dispatch[0] = () -> {
      if (queue.isEmpty()) {
        return;
      }
      List<AgentSlot> free = new ArrayList<>();
      int freeSlots = 0;
      for (Agent a : agents) {
        if (a.onShift && a.load < scenario.concurrency()) {
          free.add(new AgentSlot(a.id, Set.of(SKILL), a.load, scenario.concurrency(), a.lastAssignedMs));
          freeSlots += scenario.concurrency() - a.load;
        }
      }
      if (freeSlots == 0) {
        return;
      }
      List<QueuedChat> candidates = new ArrayList<>(Math.min(freeSlots, queue.size()));
      for (QueuedChat chat : queue) {
        candidates.add(chat);
        if (candidates.size() == freeSlots) {
          break;
        }
      }
      Map<String, Agent> byId = new HashMap<>();
      agents.forEach(a -> byId.put(a.id, a));
      for (Assignment assignment : planner.plan(candidates, free)) {
        account.run();
        QueuedChat chat = queuedById.remove(assignment.conversationId());
        queue.remove(chat);
        Agent agent = byId.get(assignment.agentId());
        agent.load++;
        long now = scheduler.now().toEpochMilli();
        agent.lastAssignedMs = now;
        Escalation e = escalations.get(chat.conversationId());
        long firstResponse = now + e.reactionMs();
        scheduler.schedule(Instant.ofEpochMilli(firstResponse), () -> {
          long frt = clock.stop(e.id(), Instant.ofEpochMilli(firstResponse)).orElseThrow().toMillis();
          boolean met = firstResponse <= deadlines.get(e.id());
          IntervalStats interval = run.intervals.get((int) ((e.atMs() - startMs) / intervalMs));
          ClassStats cls = run.byVip.get(e.vip());
          interval.answered++;
          interval.frtMs.add(frt);
          cls.answered++;
          cls.frtMs.add(frt);
          if (met) {
            interval.met++;
            cls.met++;
          }
          scheduler.schedule(Instant.ofEpochMilli(firstResponse + e.handleMs()), () -> {
            account.run();
            agent.load--;
            dispatch[0].run();
          });
        });
      }
    };

    for (Escalation e : escalations(startMs, lengthMs)) {
      escalations.put(e.id(), e);
      scheduler.schedule(Instant.ofEpochMilli(e.atMs()), () -> {
        Instant at = Instant.ofEpochMilli(e.atMs());
        Instant deadline = scenario.sla().deadline(at, e.vip(), null);
        deadlines.put(e.id(), deadline.toEpochMilli());
        long order = policy == Policy.EDF ? deadline.toEpochMilli() : e.atMs();
        QueuedChat chat = new QueuedChat(e.id(), SKILL, order, e.atMs(), policy == Policy.EDF && e.vip(), false, null,
            Set.of());
        queue.add(chat);
        queuedById.put(e.id(), chat);
        clock.start(e.id(), at, deadline);
        IntervalStats interval = run.intervals.get((int) ((e.atMs() - startMs) / intervalMs));
        interval.escalations++;
        run.byVip.get(e.vip()).escalated++;
        if (e.patienceMs() > 0) {
          scheduler.schedule(at.plusMillis(e.patienceMs()), () -> {
            QueuedChat waiting = queuedById.remove(e.id());
            if (waiting == null) {
              return;
            }
            queue.remove(waiting);
            clock.cancel(e.id());
            interval.abandoned++;
            run.byVip.get(e.vip()).abandoned++;
          });
        }
        dispatch[0].run();
      });
    }
    for (int i = 0; i < run.intervals.size(); i++) {
      IntervalStats interval = run.intervals.get(i);
      scheduler.schedule(Instant.ofEpochMilli(startMs + interval.startMs), () -> {
        account.run();
        int wanted = scenario.agentsAt(Duration.ofMillis(interval.startMs));
        setRoster(agents, wanted);
        interval.agentsOnShift = wanted;
        dispatch[0].run();
      });
      long end = startMs + interval.startMs + intervalMs;
      scheduler.schedule(Instant.ofEpochMilli(end - 1), () -> interval.queueAtEnd = queue.size());
    }
    scheduler.advanceTo(Instant.ofEpochMilli(startMs + lengthMs));
    account.run();
    // chats still waiting at the end count as not answered within the SLA when their deadline has passed
    for (QueuedChat waiting : queue) {
      Escalation e = escalations.get(waiting.conversationId());
      if (deadlines.get(e.id()) < startMs + lengthMs) {
        run.intervals.get((int) ((e.atMs() - startMs) / intervalMs)).abandonedAfterSla++;
        run.byVip.get(e.vip()).abandonedAfterSla++;
      }
    }
    return run;
  }

  private void setRoster(List<Agent> agents, int wanted) {
    int onShift = (int) agents.stream().filter(a -> a.onShift).count();
    for (Agent a : agents) {
      if (onShift >= wanted) {
        break;
      }
      if (!a.onShift) {
        a.onShift = true;
        onShift++;
      }
    }
    while (onShift < wanted) {
      Agent a = new Agent("a" + agents.size());
      a.onShift = true;
      agents.add(a);
      onShift++;
    }
    // shift end: the least loaded leave first and finish what they have
    List<Agent> leaving = agents.stream().filter(a -> a.onShift)
        .sorted((x, y) -> Integer.compare(x.load, y.load)).toList();
    for (int i = 0; onShift > wanted && i < leaving.size(); i++) {
      leaving.get(i).onShift = false;
      onShift--;
    }
  }

  /**
   * The customers of this run (offsets from 0 in {@code atMs}): the peak rehearsal plays exactly these against a
   * real Kefu, so prediction and measurement share one random stream.
   */
  public List<Escalation> customers() {
    return escalations(0, scenario.length().toMillis());
  }

  /** The customers of this run, from the seed only. */
  List<Escalation> escalations(long startMs, long lengthMs) {
    SplittableRandom arrivals = new SplittableRandom(seed);
    SplittableRandom attributes = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Escalation> out = new ArrayList<>();
    double t = 0;
    double maxRate = 0;
    for (SlaScenario.Phase phase : scenario.phases()) {
      maxRate = Math.max(maxRate, phase.arrivalsPerHour() / 3600.0 * (1 - scenario.containment()));
    }
    if (maxRate == 0) {
      return out;
    }
    while (true) {
      // thinning: candidate arrivals at the peak rate, kept with probability rate(t) / peak
      t += -Math.log(1 - arrivals.nextDouble()) / maxRate;
      if (t * 1000 >= lengthMs) {
        return out;
      }
      if (arrivals.nextDouble() * maxRate > scenario.escalationRateAt(Duration.ofMillis((long) (t * 1000)))) {
        continue;
      }
      boolean vip = attributes.nextDouble() < scenario.vipShare();
      long reaction = exponential(attributes, scenario.reactionMean().toMillis());
      long handle = scenario.handleShape().equals("exponential")
          ? exponential(attributes, scenario.handleMean().toMillis())
          : lognormal(attributes, scenario.handleMean().toMillis(), scenario.handleCv());
      long patience = exponential(attributes, scenario.patienceMean().toMillis());
      out.add(new Escalation("c" + out.size(), startMs + (long) (t * 1000), vip, reaction, Math.max(1, handle),
          patience));
    }
  }

  private static long exponential(SplittableRandom random, long meanMs) {
    double u = random.nextDouble();
    return meanMs <= 0 ? 0 : Math.round(-Math.log(1 - u) * meanMs);
  }

  private static long lognormal(SplittableRandom random, long meanMs, double cv) {
    double sigma2 = Math.log(1 + cv * cv);
    double mu = Math.log(meanMs) - sigma2 / 2;
    // Box-Muller
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.round(Math.exp(mu + Math.sqrt(sigma2) * z));
  }
}
