package io.kefu.sim;

import io.kefu.routing.OverflowRule;
import io.kefu.routing.SlaPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the SLA simulator plays: an arrival profile, how many conversations reach a human, who they are, how
 * long humans take, and who is on shift when, in which skill group.
 *
 * @param phases          arrival profile: consecutive phases with their conversation arrival rate
 * @param containment     share of conversations the bot finishes (never escalated)
 * @param vipShare        share of escalations from VIP customers
 * @param handleMean      mean time an escalated chat holds an agent slot after the first response
 * @param handleShape     {@code exponential} (Erlang C's assumption) or {@code lognormal} (with {@code handleCv})
 * @param handleCv        coefficient of variation of a lognormal handle time
 * @param reactionMean    mean time from assignment to the agent's first message (exponential); 0 = at once
 * @param concurrency     chats per agent at once
 * @param groups          skill groups: each gets its share of the escalations and has its own roster (shift edges; an
 *                        agent leaving finishes their chats)
 * @param patienceMean    mean patience of a waiting customer (exponential); zero = never abandons
 * @param sla             first-response SLA per class (the production {@link SlaPolicy})
 * @param target          share of escalations that must be answered within the SLA
 * @param interval        report interval
 * @param seed            first seed; replication r uses seed + r
 * @param replications    independent runs, for confidence intervals
 * @param overflow        overflow pool rules between the groups (the production {@link OverflowRule})
 * @param firstMessageTimeout an assigned chat whose agent has not written within this time goes back to the queue
 *                        with its deadline, that agent excluded (Kefu's {@code handoff.firstMessageTimeout}); zero = off
 */
public record SlaScenario(List<Phase> phases, double containment, double vipShare, Duration handleMean,
                          String handleShape, double handleCv, Duration reactionMean, int concurrency,
                          List<Group> groups, Duration patienceMean, SlaPolicy sla, double target, Duration interval,
                          long seed, int replications, List<OverflowRule> overflow, Duration firstMessageTimeout) {
  /** The group of a scenario that names none. */
  public static final String DEFAULT_GROUP = "general";

  private static final Set<String> KEYS = Set.of("profile", "containment", "vipShare", "handle", "reaction",
      "concurrency", "roster", "groups", "patience", "sla", "target", "interval", "seed", "replications", "overflow",
      "firstMessageTimeout");
  /** Kefu's default {@code handoff.firstMessageTimeout}. */
  public static final Duration FIRST_MESSAGE_TIMEOUT = Duration.ofSeconds(90);

  /** {@code arrivalsPerHour} conversations per hour during {@code duration}. */
  public record Phase(Duration duration, double arrivalsPerHour) {
  }

  /** From {@code from} (offset from the start) on, {@code agents} are on shift. */
  public record Shift(Duration from, int agents) {
  }

  /** A skill group: {@code share} of the escalations go to it; {@code roster} are its agents. */
  public record Group(String name, double share, List<Shift> roster) {
    public Group {
      roster = List.copyOf(roster);
    }

    /** Agents of this group on shift at an offset from the start. */
    public int agentsAt(Duration offset) {
      int agents = 0;
      for (Shift shift : roster) {
        if (shift.from().compareTo(offset) <= 0) {
          agents = shift.agents();
        }
      }
      return agents;
    }
  }

  /** One group ({@value #DEFAULT_GROUP}) with this roster, no overflow, Kefu's default first-message timeout. */
  public SlaScenario(List<Phase> phases, double containment, double vipShare, Duration handleMean, String handleShape,
                     double handleCv, Duration reactionMean, int concurrency, List<Shift> roster,
                     Duration patienceMean, SlaPolicy sla, double target, Duration interval, long seed,
                     int replications) {
    this(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        List.of(new Group(DEFAULT_GROUP, 1.0, roster)), patienceMean, sla, target, interval, seed, replications,
        List.of(), FIRST_MESSAGE_TIMEOUT);
  }

  public SlaScenario {
    List<String> problems = new ArrayList<>();
    if (phases.isEmpty()) {
      problems.add("profile: at least one phase");
    }
    if (containment < 0 || containment >= 1) {
      problems.add("containment: must be in [0, 1)");
    }
    if (vipShare < 0 || vipShare > 1) {
      problems.add("vipShare: must be in [0, 1]");
    }
    if (!handleShape.equals("exponential") && !handleShape.equals("lognormal")) {
      problems.add("handle.shape: exponential or lognormal");
    }
    if (concurrency < 1) {
      problems.add("concurrency: at least 1");
    }
    Set<String> names = new HashSet<>();
    double shares = 0;
    for (Group group : groups) {
      String at = groups.size() == 1 ? "roster" : "groups." + group.name() + ".roster";
      if (group.roster().isEmpty() || !group.roster().get(0).from().isZero()) {
        problems.add(at + ": the first shift starts at 0");
      }
      for (int i = 1; i < group.roster().size(); i++) {
        if (group.roster().get(i).from().compareTo(group.roster().get(i - 1).from()) <= 0) {
          problems.add(at + ": shifts must be in increasing order of 'from'");
        }
      }
      if (group.roster().stream().anyMatch(shift -> shift.agents() < 0)) {
        problems.add(at + ": agents must not be negative");
      }
      if (!names.add(group.name())) {
        problems.add("groups: " + group.name() + " appears twice");
      }
      if (group.share() < 0) {
        problems.add("groups." + group.name() + ".share: must not be negative");
      }
      shares += group.share();
    }
    if (groups.isEmpty()) {
      problems.add("groups: at least one");
    } else if (Math.abs(shares - 1) > 1e-6) {
      problems.add("groups: the shares must add up to 1 (got " + shares + ")");
    }
    problems.addAll(OverflowRule.problems(overflow));
    for (OverflowRule rule : overflow) {
      if (!names.contains(rule.from()) || !names.contains(rule.to())) {
        problems.add("overflow." + rule.from() + ": both groups must be in 'groups' (got " + rule.from() + " -> "
            + rule.to() + ")");
      }
    }
    if (replications < 1) {
      problems.add("replications: at least 1");
    }
    if (firstMessageTimeout.isNegative()) {
      problems.add("firstMessageTimeout: must not be negative");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("scenario: " + String.join("; ", problems));
    }
    phases = List.copyOf(phases);
    groups = List.copyOf(groups);
    overflow = List.copyOf(overflow);
  }

  public Duration length() {
    return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** Agents on shift at an offset from the start, all groups together. */
  public int agentsAt(Duration offset) {
    return groups.stream().mapToInt(g -> g.agentsAt(offset)).sum();
  }

  /** The head count of all groups together at every shift edge of any group. */
  public List<Shift> roster() {
    TreeSet<Duration> edges = new TreeSet<>();
    groups.forEach(g -> g.roster().forEach(shift -> edges.add(shift.from())));
    return edges.stream().map(from -> new Shift(from, agentsAt(from))).toList();
  }

  public Group group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group " + name));
  }

  /** Escalations per second at an offset. */
  public double escalationRateAt(Duration offset) {
    Duration end = Duration.ZERO;
    for (Phase phase : phases) {
      end = end.plus(phase.duration());
      if (offset.compareTo(end) < 0) {
        return phase.arrivalsPerHour() / 3600.0 * (1 - containment);
      }
    }
    return 0;
  }

  /** The same scenario with every shift's head count multiplied (for the smallest-roster search). */
  public SlaScenario withRosterScaled(double factor) {
    return withGroups(groups.stream().map(g -> new Group(g.name(), g.share(), g.roster().stream()
        .map(s -> new Shift(s.from(), (int) Math.ceil(s.agents() * factor))).toList())).toList());
  }

  public SlaScenario withGroups(List<Group> newGroups) {
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        newGroups, patienceMean, sla, target, interval, seed, replications, overflow, firstMessageTimeout);
  }

  /** The same scenario with other overflow rules (none: {@code List.of()}), for the comparison. */
  public SlaScenario withOverflow(List<OverflowRule> rules) {
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        groups, patienceMean, sla, target, interval, seed, replications, rules, firstMessageTimeout);
  }

  /** The first {@code until} of the day: later phases cut off, later shift edges dropped. */
  public SlaScenario truncated(Duration until) {
    List<Phase> cut = new ArrayList<>();
    Duration start = Duration.ZERO;
    for (Phase phase : phases) {
      if (start.compareTo(until) >= 0) {
        break;
      }
      Duration end = start.plus(phase.duration());
      cut.add(new Phase(end.compareTo(until) > 0 ? until.minus(start) : phase.duration(), phase.arrivalsPerHour()));
      start = end;
    }
    List<Group> kept = groups.stream().map(g -> new Group(g.name(), g.share(), g.roster().stream()
        .filter(shift -> shift.from().compareTo(until) < 0).toList())).toList();
    return new SlaScenario(cut, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        kept, patienceMean, sla, target, interval, seed, replications, overflow, firstMessageTimeout);
  }

  public SlaScenario withFirstMessageTimeout(Duration timeout) {
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        groups, patienceMean, sla, target, interval, seed, replications, overflow, timeout);
  }

  public SlaScenario withReplications(int n) {
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        groups, patienceMean, sla, target, interval, seed, n, overflow, firstMessageTimeout);
  }

  public SlaScenario withPatience(Duration patience) {
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        groups, patience, sla, target, interval, seed, replications, overflow, firstMessageTimeout);
  }

  /**
   * The default Double-11 day: 2 h normal, 2 h at 10×, 2 h at 3×, with a roster that steps up for the peak.
   */
  public static SlaScenario double11() {
    return new SlaScenario(
        List.of(new Phase(Duration.ofHours(2), 600), new Phase(Duration.ofHours(2), 6000),
            new Phase(Duration.ofHours(2), 1800)),
        0.7, 0.1, Duration.ofSeconds(240), "lognormal", 0.8, Duration.ofSeconds(20), 3,
        List.of(new Shift(Duration.ZERO, 6), new Shift(Duration.ofHours(2), 45), new Shift(Duration.ofHours(4), 15)),
        Duration.ofMinutes(10), SlaPolicy.DEFAULT, 0.8, Duration.ofMinutes(15), 42, 5);
  }

  /** Reads a scenario file (YAML); every key is optional and falls back to {@link #double11()}. */
  public static SlaScenario load(Path file) throws IOException {
    Object root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": a scenario is a mapping");
    }
    return fromMap(map);
  }

  static SlaScenario fromMap(Map<?, ?> m) {
    List<String> unknown = m.keySet().stream().map(String::valueOf).filter(k -> !KEYS.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("scenario: unknown key(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
    }
    SlaScenario d = double11();
    List<Phase> phases = d.phases();
    if (m.get("profile") instanceof List<?> list) {
      phases = new ArrayList<>();
      for (Object item : list) {
        Map<?, ?> p = (Map<?, ?>) item;
        phases.add(new Phase(duration(p.get("duration")), number(p.get("arrivalsPerHour"))));
      }
    }
    List<Group> groups = d.groups();
    if (m.containsKey("groups") && m.containsKey("roster")) {
      throw new IllegalArgumentException("scenario: give either 'roster' (one group) or 'groups' (each with its"
          + " roster), not both");
    }
    if (m.get("roster") instanceof List<?> list) {
      groups = List.of(new Group(DEFAULT_GROUP, 1.0, roster(list)));
    } else if (m.containsKey("groups")) {
      if (!(m.get("groups") instanceof List<?> list) || list.isEmpty()) {
        throw new IllegalArgumentException("scenario: groups is a list of {name, share, roster}");
      }
      groups = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> g) || !(g.get("roster") instanceof List<?> roster) || g.get("name") == null) {
          throw new IllegalArgumentException("scenario: each group needs a name, a share and a roster (got " + item
              + ")");
        }
        groups.add(new Group(String.valueOf(g.get("name")), g.containsKey("share") ? number(g.get("share"))
            : 1.0 / list.size(), roster(roster)));
      }
    }
    List<OverflowRule> overflow = new ArrayList<>();
    if (m.containsKey("overflow")) {
      if (!(m.get("overflow") instanceof Map<?, ?> rules)) {
        throw new IllegalArgumentException("scenario: overflow maps a group to {to: <group>, after: <duration>}");
      }
      for (Map.Entry<?, ?> rule : rules.entrySet()) {
        if (!(rule.getValue() instanceof Map<?, ?> r) || r.get("to") == null || r.get("after") == null) {
          throw new IllegalArgumentException("scenario: overflow." + rule.getKey()
              + " needs {to: <group>, after: <duration>}");
        }
        overflow.add(new OverflowRule(String.valueOf(rule.getKey()), String.valueOf(r.get("to")),
            duration(r.get("after"))));
      }
    }
    Map<?, ?> handle = m.get("handle") instanceof Map<?, ?> h ? h : Map.of();
    Map<?, ?> sla = m.get("sla") instanceof Map<?, ?> s ? s : Map.of();
    return new SlaScenario(phases,
        m.containsKey("containment") ? number(m.get("containment")) : d.containment(),
        m.containsKey("vipShare") ? number(m.get("vipShare")) : d.vipShare(),
        handle.containsKey("mean") ? duration(handle.get("mean")) : d.handleMean(),
        handle.containsKey("shape") ? String.valueOf(handle.get("shape")) : d.handleShape(),
        handle.containsKey("cv") ? number(handle.get("cv")) : d.handleCv(),
        m.containsKey("reaction") ? duration(m.get("reaction")) : d.reactionMean(),
        m.containsKey("concurrency") ? (int) number(m.get("concurrency")) : d.concurrency(),
        groups,
        m.containsKey("patience") ? duration(m.get("patience")) : d.patienceMean(),
        new SlaPolicy(sla.containsKey("standard") ? duration(sla.get("standard")) : d.sla().standard(),
            sla.containsKey("vip") ? duration(sla.get("vip")) : d.sla().vip(), Map.of()),
        m.containsKey("target") ? number(m.get("target")) : d.target(),
        m.containsKey("interval") ? duration(m.get("interval")) : d.interval(),
        m.containsKey("seed") ? (long) number(m.get("seed")) : d.seed(),
        m.containsKey("replications") ? (int) number(m.get("replications")) : d.replications(),
        overflow,
        m.containsKey("firstMessageTimeout") ? duration(m.get("firstMessageTimeout")) : d.firstMessageTimeout());
  }

  private static List<Shift> roster(List<?> list) {
    List<Shift> roster = new ArrayList<>();
    for (Object item : list) {
      Map<?, ?> s = (Map<?, ?>) item;
      roster.add(new Shift(duration(s.get("from")), (int) number(s.get("agents"))));
    }
    return roster;
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("expected a number, got " + value);
  }

  /** 300s, 15m, 2h, or a number of seconds. */
  public static Duration duration(Object value) {
    if (value instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    String text = String.valueOf(value).trim();
    java.util.regex.Matcher match = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)").matcher(text);
    if (!match.matches()) {
      throw new IllegalArgumentException("expected a duration like 300s, 15m or 2h, got '" + text + "'");
    }
    double amount = Double.parseDouble(match.group(1));
    long unitMs = switch (match.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
    return Duration.ofMillis(Math.round(amount * unitMs));
  }
}
