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
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  public KefuMetrics(MeterRegistry registry) {
    this.registry = registry;
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
