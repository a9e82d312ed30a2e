package io.kefu.channel.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * JSON over HTTP to the WeChat API, telling apart failures before and after the request left
 * this node. It uses the core {@link HttpClient} rather than the WebClient because only there the
 * two phases are separate futures: {@code request()} (getting a connection; a failure here means
 * WeChat surely saw nothing) and {@code send()} (after which a failure may hide a delivered request).
 *
 * <p>Answers are returned as they are, including WeChat {@code errcode}s; only transport failures
 * (connect, timeout, HTTP status other than 2xx, a body that is not a JSON object) fail the future,
 * always with {@link WeChatApiException.Kind#TRANSPORT}.
 */
public final class WeChatHttpTransport {
  public static final String DEFAULT_BASE_URL = "https://api.weixin.qq.com";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client;
  private final String baseUrl;
  private final long timeoutMillis;

  /**
   * @param baseUrl e.g. {@value #DEFAULT_BASE_URL}; tests point it at a fake server
   * @param timeout for connecting and for waiting on the answer
   */
  public WeChatHttpTransport(Vertx vertx, String baseUrl, Duration timeout) {
    Objects.requireNonNull(vertx, "vertx");
    this.baseUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.timeoutMillis = timeout.toMillis();
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout((int) timeoutMillis).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16));
  }

  /** Production defaults: {@value #DEFAULT_BASE_URL}, 5 s. */
  public static WeChatHttpTransport create(Vertx vertx) {
    return new WeChatHttpTransport(vertx, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Future<JsonObject> get(String api, String path, Map<String, String> query) {
    return exchange(api, HttpMethod.GET, path, query, null);
  }

  public Future<JsonObject> post(String api, String path, Map<String, String> query, JsonObject body) {
    return exchange(api, HttpMethod.POST, path, query, Objects.requireNonNull(body, "body"));
  }

  public Future<Void> close() {
    return client.close();
  }

  private Future<JsonObject> exchange(String api, HttpMethod method, String path,
      Map<String, String> query, JsonObject body) {
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setAbsoluteURI(baseUrl + path + queryString(query))
        .setConnectTimeout(timeoutMillis)
        .setIdleTimeout(timeoutMillis);
    return client.request(options).transform(connected -> {
      if (connected.failed()) {
        return Future.failedFuture(WeChatApiException.transport(api,
            "cannot reach WeChat: " + describe(connected.cause()), false, connected.cause()));
      }
      return sendAndRead(api, connected.result(), body);
    });
  }

  private Future<JsonObject> sendAndRead(String api, HttpClientRequest request, JsonObject body) {
    Future<io.vertx.core.http.HttpClientResponse> sent = body == null
        ? request.send()
        : request.putHeader("Content-Type", "application/json; charset=utf-8").send(body.toBuffer());
    return sent.compose(response -> response.body().compose(buffer -> {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        return Future.failedFuture(WeChatApiException.transport(api, "HTTP " + status, true, null));
      }
      try {
        return Future.succeededFuture(buffer.toJsonObject());
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(WeChatApiException.transport(api, "answer is not a JSON object", true, e));
      }
    })).recover(err -> err instanceof WeChatApiException
        ? Future.failedFuture(err)
        : Future.failedFuture(WeChatApiException.transport(api, describe(err), true, err)));
  }

  private static String queryString(Map<String, String> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    StringJoiner joiner = new StringJoiner("&", "?", "");
    query.forEach((name, value) -> joiner.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return joiner.toString();
  }

  private static String describe(Throwable err) {
    String message = err.getMessage();
    // Vert.x puts the request URI into timeout messages; never let a token or secret reach a log.
    return err.getClass().getSimpleName()
        + (message == null ? "" : ": " + message.replaceAll("(access_token|secret)=[^&\\s]*", "$1=***"));
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
