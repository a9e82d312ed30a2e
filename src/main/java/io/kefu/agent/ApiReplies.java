package io.kefu.agent;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers of the agent API. */
public final class ApiReplies {
  private static final String JSON = "application/json; charset=utf-8";

  private ApiReplies() {
  }

  /** Ends the response with {@code body} (a JsonObject or JsonArray) encoded as JSON. */
  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toString());
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
