package io.kefu.load;

import io.kefu.sim.SlaScenario;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the load generator plays: a fixed target rate for a bounded time, the message mix, how WeChat behaves
 * (reply timeout, retries) and the objectives the run must meet. Read from YAML; every key has a default.
 *
 * @param name            shown in the report
 * @param rate            target messages per second (open loop: sent on schedule whatever the replies)
 * @param warmup          time at the target rate before recording (JIT, caches, connections)
 * @param duration        recorded time
 * @param users           distinct openids the messages are spread over (uniformly)
 * @param repeatPool      distinct texts of the repeating part of the mix
 * @param zipf            exponent of the rank-frequency law over the repeat pool (1.0: Zipf)
 * @param uniqueShare     share of never-seen texts (each a cache miss for the NLP pipeline)
 * @param escalationShare share of explicit requests for a human (转人工 …)
 * @param connections     HTTP connections the generator may open (WeChat opens as many as it needs)
 * @param replyTimeout    WeChat drops a callback unanswered after this and retries (5 s)
 * @param retries         retries of one push with the same MsgId (WeChat: 2)
 * @param replyBudget     the server's {@code wechat.replyBudget}
 * @param ceiling         also run the same traffic against a Kefu answering a constant text (NLP cost ratio)
 * @param seed            seed of the message mix
 * @param objectives      what the run must meet, else the generator exits 1
 * @param channel         whose callbacks the generator plays: {@code wechat} (Official Account, safe mode) or
 *                        {@code wecom} (a WeCom self-built app, {@code msg_signature} + AES)
 */
public record LoadScenario(String name, double rate, Duration warmup, Duration duration, int users, int repeatPool,
                           double zipf, double uniqueShare, double escalationShare, int connections,
                           Duration replyTimeout, int retries, Duration replyBudget, boolean ceiling, long seed,
                           Objectives objectives, String channel) {
  /** The longest a run may take, warm-up included (load loops are bounded). */
  public static final Duration MAX_RUN = Duration.ofMinutes(15);
  /** WeChat's 5 s with half a second of margin: a reply later than this is counted as late. */
  public static final Duration LATE = Duration.ofMillis(4_500);
  public static final List<String> CHANNELS = List.of("wechat", "wecom");

  /**
   * @param minRate       achieved send rate at least this share of the target
   * @param p99           99th percentile latency at most this (zero: not checked)
   * @param maxLate       replies later than 4.5 s allowed
   * @param maxErrorShare share of messages with an error (HTTP status, connection, timeout after all retries)
   * @param asyncReplies  every {@code success} acknowledgement of a message with an answer must be followed by a
   *                      customer-service message to the same user (checked on the fake WeChat API)
   */
  public record Objectives(double minRate, Duration p99, long maxLate, double maxErrorShare, boolean asyncReplies) {
  }

  public LoadScenario {
    List<String> problems = new ArrayList<>();
    if (rate <= 0 || rate > 20_000) {
      problems.add("rate: between 0 and 20000 messages/s");
    }
    if (warmup.plus(duration).compareTo(MAX_RUN) > 0 || duration.isZero() || duration.isNegative()) {
      problems.add("duration: positive, warmup + duration at most " + MAX_RUN.toMinutes() + " min");
    }
    if (users < 1 || repeatPool < 1 || connections < 1) {
      problems.add("users, mix.repeatPool, http.connections: at least 1");
    }
    if (uniqueShare < 0 || escalationShare < 0 || uniqueShare + escalationShare > 1) {
      problems.add("mix.uniqueShare + mix.escalationShare: shares in [0, 1]");
    }
    if (retries < 0 || retries > 5) {
      problems.add("wechat.retries: 0 to 5");
    }
    if (!CHANNELS.contains(channel)) {
      problems.add("channel: one of " + CHANNELS + " (got '" + channel + "')");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("scenario: " + String.join("; ", problems));
    }
  }

  public static LoadScenario defaults() {
    return new LoadScenario("default", 100, Duration.ofSeconds(10), Duration.ofSeconds(30), 20_000, 2_000, 1.0, 0.1,
        0.005, 2_000, Duration.ofSeconds(5), 2, Duration.ofSeconds(3), false, 7,
        new Objectives(0.98, Duration.ofMillis(100), 0, 0.0, true), "wechat");
  }

  public LoadScenario withRate(double r) {
    return new LoadScenario(name, r, warmup, duration, users, repeatPool, zipf, uniqueShare, escalationShare,
        connections, replyTimeout, retries, replyBudget, ceiling, seed, objectives, channel);
  }

  public LoadScenario withTimes(Duration w, Duration d) {
    return new LoadScenario(name, rate, w, d, users, repeatPool, zipf, uniqueShare, escalationShare,
        connections, replyTimeout, retries, replyBudget, ceiling, seed, objectives, channel);
  }

  public LoadScenario withCeiling(boolean c) {
    return new LoadScenario(name, rate, warmup, duration, users, repeatPool, zipf, uniqueShare, escalationShare,
        connections, replyTimeout, retries, replyBudget, c, seed, objectives, channel);
  }

  public static LoadScenario load(Path file) throws IOException {
    Object root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": a scenario is a mapping");
    }
    try {
      return fromMap(map);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static LoadScenario fromMap(Map<?, ?> m) {
    known(m, "", Set.of("name", "rate", "warmup", "duration", "users", "mix", "wechat", "http", "server", "ceiling",
        "seed", "objectives", "channel"));
    LoadScenario d = defaults();
    Map<?, ?> mix = section(m, "mix", Set.of("repeatPool", "zipf", "uniqueShare", "escalationShare"));
    Map<?, ?> wechat = section(m, "wechat", Set.of("replyTimeout", "retries"));
    Map<?, ?> http = section(m, "http", Set.of("connections"));
    Map<?, ?> server = section(m, "server", Set.of("replyBudget"));
    Map<?, ?> obj = section(m, "objectives", Set.of("minRate", "p99", "maxLate", "maxErrorShare", "asyncReplies"));
    Objectives o = d.objectives();
    return new LoadScenario(
        m.containsKey("name") ? String.valueOf(m.get("name")) : d.name(),
        num(m, "rate", d.rate()),
        dur(m, "warmup", d.warmup()), dur(m, "duration", d.duration()),
        (int) num(m, "users", d.users()),
        (int) num(mix, "repeatPool", d.repeatPool()), num(mix, "zipf", d.zipf()),
        num(mix, "uniqueShare", d.uniqueShare()), num(mix, "escalationShare", d.escalationShare()),
        (int) num(http, "connections", d.connections()),
        dur(wechat, "replyTimeout", d.replyTimeout()), (int) num(wechat, "retries", d.retries()),
        dur(server, "replyBudget", d.replyBudget()),
        m.containsKey("ceiling") ? Boolean.TRUE.equals(m.get("ceiling")) : d.ceiling(),
        (long) num(m, "seed", d.seed()),
        new Objectives(num(obj, "minRate", o.minRate()), dur(obj, "p99", o.p99()), (long) num(obj, "maxLate", o.maxLate()),
            num(obj, "maxErrorShare", o.maxErrorShare()),
            obj.containsKey("asyncReplies") ? Boolean.TRUE.equals(obj.get("asyncReplies")) : o.asyncReplies()),
        m.containsKey("channel") ? String.valueOf(m.get("channel")) : d.channel());
  }

  private static Map<?, ?> section(Map<?, ?> m, String key, Set<String> keys) {
    Object value = m.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> section)) {
      throw new IllegalArgumentException(key + ": expected a mapping");
    }
    known(section, key + ".", keys);
    return section;
  }

  private static void known(Map<?, ?> m, String prefix, Set<String> keys) {
    for (Object key : m.keySet()) {
      if (!keys.contains(String.valueOf(key))) {
        throw new IllegalArgumentException("unknown key " + prefix + key + " (known: " + keys + ")");
      }
    }
  }

  private static double num(Map<?, ?> m, String key, double fallback) {
    Object value = m.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(key + ": expected a number, got " + value);
  }

  private static Duration dur(Map<?, ?> m, String key, Duration fallback) {
    Object value = m.get(key);
    return value == null ? fallback : SlaScenario.duration(value);
  }
}
