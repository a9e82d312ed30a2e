package io.kefu.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Every Kefu metric name, and the meters the channel handlers record into. */
public final class KefuMetrics {
  public static final String MESSAGES = "kefu_messages_total";
  public static final String REJECTED = "kefu_webhook_rejected_total";
  public static final String WEBHOOK_LATENCY = "kefu_webhook_latency_seconds";
  public static final String ASYNC_REPLIES = "kefu_async_replies_total";
  public static final String ESCALATIONS = "kefu_escalations_total";
  public static final String FRT = "kefu_frt";
  public static final String SLA_WARNINGS = "kefu_sla_warnings_total";
  public static final String SLA_BREACHES = "kefu_sla_breaches_total";
  public static final String SLA_ATTAINMENT = "kefu_sla_attainment";
  public static final String QUEUE_LENGTH = "kefu_queue_length";
  public static final String AGENTS_ONLINE = "kefu_agents_online";
  public static final String AGENTS_REQUIRED = "kefu_agents_required";
  public static final String STAFFING_LEVEL = "kefu_staffing_level";
  public static final String REQUEUES = "kefu_requeues_total";
  public static final String OVERFLOWS = "kefu_overflows_total";
  public static final String AGENT_SENDS = "kefu_agent_messages_total";
  public static final String SURVEYS = "kefu_surveys_total";
  public static final String OVERLOAD = "kefu_overload";

  /** What happened to an accepted push. */
  public enum Outcome {
    /** answered in the HTTP response */
    PASSIVE,
    /** acknowledged with 'success', answer sent later through the API */
    ASYNC,
    /** nothing to answer (unfollow, unknown event …) */
    SILENT,
    /** a retry of a push already handled */
    DUPLICATE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Duration[] frtBuckets;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, java.util.concurrent.atomic.AtomicLong> gauges = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong frtMet = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong frtAll = new java.util.concurrent.atomic.AtomicLong();

  public KefuMetrics(MeterRegistry registry) {
    this(registry, Duration.ofSeconds(300));
  }

  /**
   * @param standardSla the standard first-response SLA: the FRT histogram's buckets are 0.1, 0.2, 0.4, 0.6, 0.8, 1
   *                    and 2 times it (30 … 600 s for 300 s), so a scaled-down SLA (peak rehearsal) keeps its resolution
   */
  public KefuMetrics(MeterRegistry registry, Duration standardSla) {
    this.registry = registry;
    double[] fractions = {0.1, 0.2, 0.4, 0.6, 0.8, 1, 2};
    this.frtBuckets = new Duration[fractions.length];
    for (int i = 0; i < fractions.length; i++) {
      frtBuckets[i] = Duration.ofMillis(Math.round(standardSla.toMillis() * fractions[i]));
    }
    io.micrometer.core.instrument.Gauge.builder(SLA_ATTAINMENT, () -> frtAll.get() == 0 ? 1.0
            : (double) frtMet.get() / frtAll.get())
        .description("Share of first responses (recorded by this node) within their SLA")
        .register(registry);
  }

  /** 1 while the node is in overload mode (the next escalation would wait longer than the SLA). */
  public void overload(java.util.function.BooleanSupplier active) {
    io.micrometer.core.instrument.Gauge.builder(OVERLOAD, () -> active.getAsBoolean() ? 1 : 0)
        .description("1 while the predicted wait for a human exceeds the SLA (bot answers more on its own)")
        .register(registry);
  }

  /** A bot escalation put a conversation into a skill queue. */
  public void escalated(String skill) {
    counter(ESCALATIONS, "skill", skill, "result", "queued").increment();
  }

  /** First human reply after an escalation; {@code met} when it came before the deadline. */
  public void firstResponse(String skill, Duration frt, boolean met) {
    timers.computeIfAbsent("frt|" + skill, k -> Timer.builder(FRT)
        .description("First response time: escalation to the first message written by a human agent")
        .tag("skill", skill)
        .serviceLevelObjectives(frtBuckets)
        .register(registry)).record(frt);
    frtAll.incrementAndGet();
    if (met) {
      frtMet.incrementAndGet();
    }
  }

  public void slaWarning(String skill, double fraction) {
    counter(SLA_WARNINGS, "skill", skill, "at", Integer.toString((int) Math.round(fraction * 100))).increment();
  }

  public void slaBreach(String skill) {
    counter(SLA_BREACHES, "skill", skill, "kind", "first_response").increment();
  }

  public void requeued(String skill, String why) {
    counter(REQUEUES, "skill", skill, "reason", why).increment();
  }

  /** The router gave a chat of {@code skill} to an agent of its overflow group {@code to}. */
  public void overflowed(String skill, String to) {
    counter(OVERFLOWS, "skill", skill, "to", to).increment();
  }

  public void agentMessage(String result) {
    counter(AGENT_SENDS, "channel", "all", "result", result).increment();
  }

  public void survey(String event) {
    counter(SURVEYS, "channel", "all", "event", event).increment();
  }

  /** Sets a per-skill gauge (queue length, agents online/required, staffing level 0-3). */
  public void skillGauge(String name, String skill, long value) {
    gauges.computeIfAbsent(name + '|' + skill, k -> {
      java.util.concurrent.atomic.AtomicLong holder = new java.util.concurrent.atomic.AtomicLong();
      io.micrometer.core.instrument.Gauge.builder(name, holder, java.util.concurrent.atomic.AtomicLong::get)
          .tag("skill", skill).register(registry);
      return holder;
    }).set(value);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void message(String channel, Outcome outcome) {
    counter(MESSAGES, "channel", channel, "outcome", outcome.label()).increment();
  }

  public void rejected(String channel, String reason) {
    counter(REJECTED, "channel", channel, "reason", reason).increment();
  }

  public void asyncReply(String channel, String result) {
    counter(ASYNC_REPLIES, "channel", channel, "result", result).increment();
  }

  public void webhookLatency(String channel, Duration elapsed) {
    timers.computeIfAbsent(channel, c -> Timer.builder(WEBHOOK_LATENCY)
        .description("Time from receiving a callback to answering it")
        .tag("channel", c)
        .publishPercentileHistogram()
        .register(registry)).record(elapsed);
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    return counters.computeIfAbsent(name + '|' + v1 + '|' + v2,
        key -> Counter.builder(name).tag(k1, v1).tag(k2, v2).register(registry));
  }
}
