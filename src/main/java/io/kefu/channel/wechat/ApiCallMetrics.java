package io.kefu.channel.wechat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts WeChat API calls as {@code kefu.wechat.api.calls} (Prometheus:
 * {@code kefu_wechat_api_calls_total}) tagged {@code api} and {@code outcome} ({@code ok} or the
 * lower-case {@link WeChatApiException.Kind}). Does nothing without a registry.
 */
public final class ApiCallMetrics {
  public static final String NAME = "kefu.wechat.api.calls";

  private final MeterRegistry registry;

  public ApiCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String api, Throwable failure) {
    if (registry == null) {
      return;
    }
    String outcome = failure == null ? "ok"
        : failure instanceof WeChatApiException e ? e.kind().name().toLowerCase() : "error";
    Counter.builder(NAME)
        .description("Calls to the WeChat and WeCom APIs by outcome")
        .tag("api", api)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
