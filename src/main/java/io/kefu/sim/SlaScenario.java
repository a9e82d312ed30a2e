package io.kefu.sim;

import io.kefu.routing.SlaPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the SLA simulator plays: an arrival profile, how many conversations reach a human, who they are, how
 * long humans take, and who is on shift when.
 *
 * @param phases          arrival profile: consecutive phases with their conversation arrival rate
 * @param containment     share of conversations the bot finishes (never escalated)
 * @param vipShare        share of escalations from VIP customers
 * @param handleMean      mean time an escalated chat holds an agent slot after the first response
 * @param handleShape     {@code exponential} (Erlang C's assumption) or {@code lognormal} (with {@code handleCv})
 * @param handleCv        coefficient of variation of a lognormal handle time
 * @param reactionMean    mean time from assignment to the agent's first message (exponential); 0 = at once
 * @param concurrency     chats per agent at once
 * @param roster          agents on shift from a given offset on (shift edges); an agent leaving finishes their chats
 * @param patienceMean    mean patience of a waiting customer (exponential); zero = never abandons
 * @param sla             first-response SLA per class (the production {@link SlaPolicy})
 * @param target          share of escalations that must be answered within the SLA
 * @param interval        report interval
 * @param seed            first seed; replication r uses seed + r
 * @param replications    independent runs, for confidence intervals
 */
public record SlaScenario(List<Phase> phases, double containment, double vipShare, Duration handleMean,
                          String handleShape, double handleCv, Duration reactionMean, int concurrency,
                          List<Shift> roster, Duration patienceMean, SlaPolicy sla, double target, Duration interval,
                          long seed, int replications) {

  /** {@code arrivalsPerHour} conversations per hour during {@code duration}. */
  public record Phase(Duration duration, double arrivalsPerHour) {
  }

  /** From {@code from} (offset from the start) on, {@code agents} are on shift. */
  public record Shift(Duration from, int agents) {
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
    if (roster.isEmpty() || !roster.get(0).from().isZero()) {
      problems.add("roster: the first shift starts at 0");
    }
    if (replications < 1) {
      problems.add("replications: at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("scenario: " + String.join("; ", problems));
    }
    phases = List.copyOf(phases);
    roster = List.copyOf(roster);
  }

  public Duration length() {
    return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** Agents on shift at an offset from the start. */
  public int agentsAt(Duration offset) {
    int agents = 0;
    for (Shift shift : roster) {
      if (shift.from().compareTo(offset) <= 0) {
        agents = shift.agents();
      }
    }
    return agents;
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
    List<Shift> scaled = roster.stream().map(s -> new Shift(s.from(), (int) Math.ceil(s.agents() * factor))).toList();
    return new SlaScenario(phases, containment, vipShare, handleMean, handleShape, handleCv, reactionMean, concurrency,
        scaled, patienceMean, sla, target, interval, seed, replications);
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
    SlaScenario d = double11();
    List<Phase> phases = d.phases();
    if (m.get("profile") instanceof List<?> list) {
      phases = new ArrayList<>();
      for (Object item : list) {
        Map<?, ?> p = (Map<?, ?>) item;
        phases.add(new Phase(duration(p.get("duration")), number(p.get("arrivalsPerHour"))));
      }
    }
    List<Shift> roster = d.roster();
    if (m.get("roster") instanceof List<?> list) {
      roster = new ArrayList<>();
      for (Object item : list) {
        Map<?, ?> s = (Map<?, ?>) item;
        roster.add(new Shift(duration(s.get("from")), (int) number(s.get("agents"))));
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
        roster,
        m.containsKey("patience") ? duration(m.get("patience")) : d.patienceMean(),
        new SlaPolicy(sla.containsKey("standard") ? duration(sla.get("standard")) : d.sla().standard(),
            sla.containsKey("vip") ? duration(sla.get("vip")) : d.sla().vip(), Map.of()),
        m.containsKey("target") ? number(m.get("target")) : d.target(),
        m.containsKey("interval") ? duration(m.get("interval")) : d.interval(),
        m.containsKey("seed") ? (long) number(m.get("seed")) : d.seed(),
        m.containsKey("replications") ? (int) number(m.get("replications")) : d.replications());
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
