package io.kefu.ops;

import io.kefu.bot.LiveCorpus;
import io.kefu.bot.LoadedCorpus;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.CorpusProblem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /admin/*}: the operator API, guarded by the bearer token {@code admin.token}. With no token
 * configured the admin API is off (403).
 */
public final class AdminHandler {
  private final byte[] token;
  private final LiveCorpus corpus;

  public AdminHandler(String token, LiveCorpus corpus) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.corpus = corpus;
  }

  public void mount(Router router) {
    router.route("/admin/*").handler(this::authenticate);
    router.get("/admin/corpus").handler(this::current);
    router.post("/admin/corpus/reload").handler(this::reload);
  }

  private void authenticate(RoutingContext ctx) {
    if (token.length == 0) {
      error(ctx, 403, "the admin API is disabled: set admin.token (KEFU_ADMIN__TOKEN)");
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    byte[] presented = header != null && header.startsWith("Bearer ")
        ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(token, presented)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      error(ctx, 401, "missing or wrong bearer token");
      return;
    }
    ctx.next();
  }

  private void current(RoutingContext ctx) {
    LoadedCorpus loaded = corpus == null ? null : corpus.get();
    if (loaded == null) {
      error(ctx, 503, corpus == null ? "the NLP pipeline is disabled (nlp.enabled: false)" : "corpus still loading");
      return;
    }
    json(ctx, 200, describe(loaded));
  }

  private void reload(RoutingContext ctx) {
    if (corpus == null) {
      error(ctx, 409, "the NLP pipeline is disabled (nlp.enabled: false)");
      return;
    }
    long started = System.nanoTime();
    Future.fromCompletionStage(corpus.reload(), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, describe(ar.result()).put("buildMillis", (System.nanoTime() - started) / 1_000_000));
      } else if (ar.cause() instanceof CorpusException e) {
        JsonArray problems = new JsonArray();
        for (CorpusProblem problem : e.problems()) {
          problems.add(problem.toString());
        }
        LoadedCorpus kept = corpus.get();
        json(ctx, 422, new JsonObject().put("error", "corpus rejected; the previous version stays in use")
            .put("kept", kept == null ? null : kept.version().shortId()).put("problems", problems));
      } else {
        error(ctx, 500, "reload failed: " + ar.cause().getMessage());
      }
    });
  }

  private static JsonObject describe(LoadedCorpus loaded) {
    JsonObject precision = new JsonObject();
    loaded.precision().byIntent().forEach((intent, m) -> precision.put(intent, new JsonObject()
        .put("predicted", m.predicted()).put("correct", m.correct()).put("precision", m.precision())));
    return new JsonObject().put("version", loaded.version().shortId())
        .put("intents", loaded.pipeline().classifier().labels().size())
        .put("goldenPrecision", precision)
        .put("overloadIntents", new JsonArray(loaded.policy().overloadIntents()));
  }

  private static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode());
  }
}
