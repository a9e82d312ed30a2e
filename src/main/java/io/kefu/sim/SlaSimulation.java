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
import java.util.TreeMap;
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

  private final SlaScenario scenario;
  private final Policy policy;
  private final long seed;

  public SlaSimulation(SlaScenario scenario, Policy policy, long seed) {
    this.scenario = scenario;
    this.policy = policy;
    this.seed = seed;
  }

  /** A customer who reached a human, with everything random about them drawn in advance. */
  public record Escalation(String id, long atMs, boolean vip, long reactionMs, long handleMs, long patienceMs,
                           String group) {
  }

  private static final class Agent {
    final String id;
    final String group;
    int load;
    boolean onShift;
    long lastAssignedMs;

    Agent(String id, String group) {
      this.id = id;
      this.group = group;
    }
  }

  /** Per-interval, per-class and per-group counts of one run. */
  public static final class Run {
    public final List<IntervalStats> intervals = new ArrayList<>();
    public final Map<Boolean, ClassStats> byVip = Map.of(true, new ClassStats(), false, new ClassStats());
    /** per group: its escalations' counts, and the same per interval */
    public final Map<String, ClassStats> byGroup = new TreeMap<>();
    public final Map<String, List<IntervalStats>> groupIntervals = new TreeMap<>();
    /** chats an agent of their overflow group took */
    public int overflowed;
    /** assignments that went back to the queue because the agent did not write within the first-message timeout */
    public int requeued;
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
    Map<String, TreeSet<QueuedChat>> queues = new TreeMap<>();
    for (SlaScenario.Group group : scenario.groups()) {
      run.byGroup.put(group.name(), new ClassStats());
      List<IntervalStats> own = new ArrayList<>();
      for (long t = 0; t < lengthMs; t += intervalMs) {
        own.add(new IntervalStats(t));
      }
      run.groupIntervals.put(group.name(), own);
      queues.put(group.name(), new TreeSet<>(AssignmentPlanner.SERVING_ORDER));
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
    AssignmentPlanner planner = new AssignmentPlanner(scenario.overflow(), scheduler.clock());
    Map<String, QueuedChat> queuedById = new HashMap<>();
    Map<String, Escalation> escalations = new HashMap<>();
    Map<String, Long> deadlines = new HashMap<>();
    Map<String, Integer> attempts = new HashMap<>();
    List<Agent> agents = new ArrayList<>();
    Map<String, Agent> agentsById = new HashMap<>();
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
    java.util.function.Function<Escalation, IntervalStats[]> statsOf = e -> {
      int index = (int) ((e.atMs() - startMs) / intervalMs);
      return new IntervalStats[] {run.intervals.get(index), run.groupIntervals.get(e.group()).get(index)};
    };

    Runnable[] dispatch = new Runnable[1];
    dispatch[0] = () -> {
      if (queuedById.isEmpty()) {
        return;
      }
      List<AgentSlot> free = new ArrayList<>();
      int freeSlots = 0;
      for (Agent a : agents) {
        if (a.onShift && a.load < scenario.concurrency()) {
          free.add(new AgentSlot(a.id, Set.of(a.group), a.load, scenario.concurrency(), a.lastAssignedMs));
          freeSlots += scenario.concurrency() - a.load;
        }
      }
      if (freeSlots == 0) {
        return;
      }
      // no group's chats can fill more than all free slots: the head of each queue is enough to plan with
      List<QueuedChat> candidates = new ArrayList<>();
      for (TreeSet<QueuedChat> queue : queues.values()) {
        int taken = 0;
        for (QueuedChat chat : queue) {
          candidates.add(chat);
          if (++taken == freeSlots) {
            break;
          }
        }
      }
      for (Assignment assignment : planner.plan(candidates, free)) {
        account.run();
        QueuedChat chat = queuedById.remove(assignment.conversationId());
        queues.get(chat.skill()).remove(chat);
        if (assignment.overflowGroup() != null) {
          run.overflowed++;
        }
        Agent agent = agentsById.get(assignment.agentId());
        agent.load++;
        long now = scheduler.now().toEpochMilli();
        agent.lastAssignedMs = now;
        Escalation e = escalations.get(chat.conversationId());
        int attempt = attempts.merge(e.id(), 1, Integer::sum) - 1;
        long reaction = reactionMs(e, attempt);
        long timeout = scenario.firstMessageTimeout().toMillis();
        if (timeout > 0 && reaction > timeout) {
          // Kefu's first-message timeout: back to the queue with the same deadline, this agent excluded
          scheduler.schedule(Instant.ofEpochMilli(now + timeout), () -> {
            account.run();
            agent.load--;
            run.requeued++;
            Set<String> excluded = new java.util.HashSet<>(chat.excludedAgents());
            excluded.add(agent.id);
            QueuedChat again = new QueuedChat(chat.conversationId(), chat.skill(), chat.deadlineMs(),
                chat.enqueuedAtMs(), chat.vip(), false, null, excluded);
            queues.get(again.skill()).add(again);
            queuedById.put(again.conversationId(), again);
            dispatch[0].run();
          });
          continue;
        }
        long firstResponse = now + reaction;
        scheduler.schedule(Instant.ofEpochMilli(firstResponse), () -> {
          long frt = clock.stop(e.id(), Instant.ofEpochMilli(firstResponse)).orElseThrow().toMillis();
          boolean met = firstResponse <= deadlines.get(e.id());
          for (IntervalStats interval : statsOf.apply(e)) {
            interval.answered++;
            interval.frtMs.add(frt);
            interval.met += met ? 1 : 0;
          }
          for (ClassStats cls : List.of(run.byVip.get(e.vip()), run.byGroup.get(e.group()))) {
            cls.answered++;
            cls.frtMs.add(frt);
            cls.met += met ? 1 : 0;
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
        QueuedChat chat = new QueuedChat(e.id(), e.group(), order, e.atMs(), policy == Policy.EDF && e.vip(), false,
            null, Set.of());
        queues.get(e.group()).add(chat);
        queuedById.put(e.id(), chat);
        clock.start(e.id(), at, deadline);
        for (IntervalStats interval : statsOf.apply(e)) {
          interval.escalations++;
        }
        run.byVip.get(e.vip()).escalated++;
        run.byGroup.get(e.group()).escalated++;
        if (planner.overflowOf(e.group()) != null) {
          scheduler.schedule(Instant.ofEpochMilli(planner.overflowOf(e.group()).eligibleAtMs(e.atMs())),
              () -> {
                if (queuedById.containsKey(e.id())) {
                  dispatch[0].run();
                }
              });
        }
        if (e.patienceMs() > 0) {
          scheduler.schedule(at.plusMillis(e.patienceMs()), () -> {
            QueuedChat waiting = queuedById.remove(e.id());
            if (waiting == null) {
              return;
            }
            queues.get(e.group()).remove(waiting);
            clock.cancel(e.id());
            for (IntervalStats interval : statsOf.apply(e)) {
              interval.abandoned++;
            }
            run.byVip.get(e.vip()).abandoned++;
            run.byGroup.get(e.group()).abandoned++;
          });
        }
        dispatch[0].run();
      });
    }
    // shift edges take effect at their own time, also between interval starts
    TreeSet<Long> edges = new TreeSet<>();
    scenario.groups().forEach(g -> g.roster().forEach(shift -> edges.add(shift.from().toMillis())));
    for (long edge : edges) {
      if (edge >= lengthMs) {
        continue;
      }
      scheduler.schedule(Instant.ofEpochMilli(startMs + edge), () -> {
        account.run();
        for (SlaScenario.Group group : scenario.groups()) {
          setRoster(agents, agentsById, group.name(), group.agentsAt(Duration.ofMillis(edge)));
        }
        dispatch[0].run();
      });
    }
    for (int i = 0; i < run.intervals.size(); i++) {
      IntervalStats interval = run.intervals.get(i);
      int index = i;
      scheduler.schedule(Instant.ofEpochMilli(startMs + interval.startMs), () -> {
        interval.agentsOnShift = scenario.agentsAt(Duration.ofMillis(interval.startMs));
        for (SlaScenario.Group group : scenario.groups()) {
          run.groupIntervals.get(group.name()).get(index).agentsOnShift =
              group.agentsAt(Duration.ofMillis(interval.startMs));
        }
      });
      long end = startMs + interval.startMs + intervalMs;
      scheduler.schedule(Instant.ofEpochMilli(end - 1), () -> {
        interval.queueAtEnd = queuedById.size();
        queues.forEach((group, queue) -> run.groupIntervals.get(group).get(index).queueAtEnd = queue.size());
      });
    }
    scheduler.advanceTo(Instant.ofEpochMilli(startMs + lengthMs));
    account.run();
    // chats still waiting at the end count as not answered within the SLA when their deadline has passed
    for (QueuedChat waiting : queuedById.values()) {
      Escalation e = escalations.get(waiting.conversationId());
      if (deadlines.get(e.id()) < startMs + lengthMs) {
        for (IntervalStats interval : statsOf.apply(e)) {
          interval.abandonedAfterSla++;
        }
        run.byVip.get(e.vip()).abandonedAfterSla++;
        run.byGroup.get(e.group()).abandonedAfterSla++;
      }
    }
    return run;
  }

  private static void setRoster(List<Agent> agents, Map<String, Agent> byId, String group, int wanted) {
    List<Agent> own = agents.stream().filter(a -> a.group.equals(group)).toList();
    int onShift = (int) own.stream().filter(a -> a.onShift).count();
    for (Agent a : own) {
      if (onShift >= wanted) {
        break;
      }
      if (!a.onShift) {
        a.onShift = true;
        onShift++;
      }
    }
    while (onShift < wanted) {
      Agent a = new Agent(group + "-a" + agents.size(), group);
      a.onShift = true;
      agents.add(a);
      byId.put(a.id, a);
      onShift++;
    }
    // shift end: the least loaded leave first and finish what they have
    List<Agent> leaving = own.stream().filter(a -> a.onShift)
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

  /**
   * The agent's reaction on the {@code attempt}-th assignment of a customer (0: the first): the first is drawn with
   * the customer, later ones (after a re-queue) from a stream of the seed, the customer and the attempt only.
   */
  public long reactionMs(Escalation e, int attempt) {
    if (attempt == 0) {
      return e.reactionMs();
    }
    long index = Long.parseLong(e.id().substring(1));
    return exponential(new SplittableRandom((seed * 0x9E3779B97F4A7C15L) ^ (index << 8) ^ attempt),
        scenario.reactionMean().toMillis());
  }

  /** The customers of this run, from the seed only. */
  List<Escalation> escalations(long startMs, long lengthMs) {
    SplittableRandom arrivals = new SplittableRandom(seed);
    SplittableRandom attributes = new SplittableRandom(seed ^ 0x5DEECE66DL);
    // a stream of its own, so adding groups leaves every other attribute of the customers as it was
    SplittableRandom groups = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
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
          patience, group(groups.nextDouble())));
    }
  }

  private String group(double u) {
    List<SlaScenario.Group> all = scenario.groups();
    double cumulative = 0;
    for (SlaScenario.Group g : all) {
      cumulative += g.share();
      if (u < cumulative) {
        return g.name();
      }
    }
    return all.get(all.size() - 1).name();
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
