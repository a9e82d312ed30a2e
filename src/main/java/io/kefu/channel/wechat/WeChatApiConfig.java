package io.kefu.channel.wechat;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the outbound Official Account API client.
 *
 * @param baseUrl        API root, {@value WeChatHttpTransport#DEFAULT_BASE_URL} in production
 * @param requestTimeout connect timeout and time to wait for an answer
 * @param tokens         access token caching and refresh
 * @param window         customer-service window quotas
 * @param retry          retries of custom/send and custom/typing
 */
public record WeChatApiConfig(String baseUrl, Duration requestTimeout, AccessTokenConfig tokens,
    WindowConfig window, RetryPolicy retry) {

  public WeChatApiConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(retry, "retry");
  }

  public static WeChatApiConfig defaults() {
    return new WeChatApiConfig(WeChatHttpTransport.DEFAULT_BASE_URL, WeChatHttpTransport.DEFAULT_TIMEOUT,
        AccessTokenConfig.defaults(), WindowConfig.defaults(), RetryPolicy.defaults());
  }

  public WeChatApiConfig withBaseUrl(String url) {
    return new WeChatApiConfig(url, requestTimeout, tokens, window, retry);
  }

  public WeChatApiConfig withWindow(WindowConfig newWindow) {
    return new WeChatApiConfig(baseUrl, requestTimeout, tokens, newWindow, retry);
  }
}
