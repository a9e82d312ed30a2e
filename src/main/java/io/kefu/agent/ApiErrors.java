package io.kefu.agent;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the agent API reports failures: {@code {"error": code, "message": text}} with the
 * matching status. {@link ApiException} keeps its status; {@link IllegalArgumentException} and
 * malformed JSON are 400; anything else is a logged 500 whose details stay in the log.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static void send(RoutingContext ctx, Throwable err) {
    Throwable cause = unwrap(err);
    ApiException api;
    if (cause instanceof ApiException e) {
      api = e;
    } else if (cause instanceof IllegalArgumentException || cause instanceof DecodeException) {
      api = badRequest(cause.getMessage());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
      api = new ApiException(500, "internal_error", "internal error");
    }
    if (ctx.response().headWritten()) {
      LOG.warn("{} {}: response already started, cannot report {}", ctx.request().method(), ctx.request().path(), api);
      if (!ctx.response().ended()) {
        ctx.response().reset();
      }
      return;
    }
    if (api.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ApiReplies.json(ctx, api.status(), new JsonObject().put("error", api.code()).put("message", api.getMessage()));
  }

  /**
   * For {@code router.route("/api/*").failureHandler(...)}: reports exceptions thrown by handlers and
   * failures signalled by status only (e.g. 413 from the body handler) in the same JSON shape.
   */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> {
      if (ctx.failure() != null) {
        send(ctx, ctx.failure());
        return;
      }
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      send(ctx, new ApiException(status, codeOf(status), messageOf(status)));
    };
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String messageOf(int status) {
    return switch (status) {
      case 413 -> "the request body is too large";
      case 415 -> "the request body must be JSON";
      default -> "request failed (HTTP " + status + ")";
    };
  }

  private static Throwable unwrap(Throwable err) {
    Throwable cause = err;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
