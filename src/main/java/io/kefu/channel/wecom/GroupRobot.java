package io.kefu.channel.wecom;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts text messages into a WeCom group chat through its group robot's webhook, e.g. to tell the agents' group
 * that a customer waits for a human. One retry after {@link #DEFAULT_RETRY_DELAY} when the robot could not be
 * reached or answered 5xx; an errcode is final. A robot without a URL is switched off: sending does nothing.
 */
public final class GroupRobot {
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
  /** WeCom's limit for the content of a text message, in UTF-8 bytes. */
  public static final int MAX_CONTENT_BYTES = 2048;
  private static final long TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final String webhookUrl;
  private final Duration retryDelay;
  private final HttpClient client;

  public GroupRobot(Vertx vertx, String webhookUrlOrNull) {
    this(vertx, webhookUrlOrNull, DEFAULT_RETRY_DELAY);
  }

  /** @param webhookUrlOrNull {@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…}; null or blank = off */
  public GroupRobot(Vertx vertx, String webhookUrlOrNull, Duration retryDelay) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    this.webhookUrl = webhookUrlOrNull == null || webhookUrlOrNull.isBlank() ? null : checked(webhookUrlOrNull.strip());
    this.client = webhookUrl == null ? null : vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) TIMEOUT_MILLIS).setKeepAlive(true));
  }

  public boolean enabled() {
    return webhookUrl != null;
  }

  /** Posts the text (cut to {@value #MAX_CONTENT_BYTES} UTF-8 bytes); fails with {@link GroupRobotException}. */
  public Future<Void> send(String text) {
    if (text == null || text.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("text must not be empty"));
    }
    if (webhookUrl == null) {
      return Future.succeededFuture();
    }
    JsonObject body = new JsonObject().put("msgtype", "text")
        .put("text", new JsonObject().put("content", fit(text, MAX_CONTENT_BYTES)));
    return post(body).recover(err -> retryable(err) ? later().compose(v -> post(body)) : Future.failedFuture(err));
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private Future<Void> post(JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhookUrl)
        .setConnectTimeout(TIMEOUT_MILLIS).setIdleTimeout(TIMEOUT_MILLIS)
        .putHeader("Content-Type", "application/json; charset=utf-8");
    return client.request(options)
        .compose(request -> request.send(body.toBuffer()))
        .compose(response -> response.body().map(buffer -> {
          int status = response.statusCode();
          if (status < 200 || status > 299) {
            throw new GroupRobotException("WeCom group robot answered HTTP " + status, 0, status, null);
          }
          JsonObject answer;
          try {
            answer = buffer.toJsonObject();
          } catch (DecodeException | ClassCastException e) {
            throw new GroupRobotException("WeCom group robot answered something that is not JSON", 0, status, e);
          }
          int errcode = answer.getInteger("errcode", -1);
          if (errcode != 0) {
            throw new GroupRobotException("WeCom group robot answered errcode " + errcode + ": "
                + answer.getString("errmsg", ""), errcode, status, null);
          }
          return (Void) null;
        }))
        .recover(err -> err instanceof GroupRobotException
            ? Future.failedFuture(err)
            : Future.failedFuture(new GroupRobotException("WeCom group robot unreachable: "
                + err.getClass().getSimpleName(), 0, 0, err)));
  }

  private static boolean retryable(Throwable err) {
    if (err instanceof GroupRobotException) {
      GroupRobotException robot = (GroupRobotException) err;
      return robot.httpStatus() == 0 || robot.httpStatus() >= 500;
    }
    return false;
  }

  private Future<Void> later() {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(Math.max(1, retryDelay.toMillis()), id -> promise.complete());
    return promise.future();
  }

  /** The text cut on a character boundary so its UTF-8 form fits {@code maxBytes}, ending in "…" when cut. */
  static String fit(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    int budget = maxBytes - "…".getBytes(StandardCharsets.UTF_8).length;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += bytes;
      i += Character.charCount(cp);
    }
    return out.append('…').toString();
  }

  private static String checked(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("WeCom group robot webhook URL is not a URL", e);
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("WeCom group robot webhook URL must be an http(s) URL with a host");
    }
    return url;
  }
}
