package io.kefu.ops;

import io.kefu.agent.AgentAuth;
import io.kefu.agent.AgentPrincipal;
import io.kefu.agent.ApiErrors;
import io.kefu.agent.ApiException;
import io.kefu.agent.ApiReplies;
import io.kefu.agent.AuditLog;
import io.kefu.agent.JsonBody;
import io.kefu.agent.Role;
import io.kefu.bot.LiveCorpus;
import io.kefu.bot.LoadedCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqEntry;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.CorpusProblem;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentDefinition;
import io.kefu.report.SimilarityGrouper;
import io.kefu.report.UnansweredEntry;
import io.kefu.report.UnansweredGroup;
import io.kefu.report.UnansweredLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The ops page's API under {@code /api/ops} (role ops): the corpus in use and its reload, the questions the bot
 * could not answer grouped by similarity, and turning one into an intent example or FAQ paraphrase (written back
 * to the corpus files, then reloaded). File work, grouping and classification run on worker threads.
 */
public final class OpsApi {
  public static final int MAX_GROUPS = 200;
  private static final int BODY_LIMIT = 16 * 1024;
  /** The classifier's top intent is suggested only from this confidence on. */
  static final double SUGGEST_CONFIDENCE = 0.3;
  private static final Set<String> ACTION_FIELDS = Set.of("action", "intent", "faqId", "text");

  private final Vertx vertx;
  private final AgentAuth auth;
  private final AuditLog audit;
  private final LiveCorpus corpus;
  private final Path intentsDir;
  private final Path kbDir;
  private final IntentCorpusLoader.Limits limits;
  private final CorpusEditor editor;
  private final UnansweredLog unanswered;
  private final SimilarityGrouper grouper = new SimilarityGrouper();

  /** @param corpus the live corpus, or null when the NLP pipeline is off (the files can still be listed and edited) */
  public OpsApi(Vertx vertx, AgentAuth auth, AuditLog audit, LiveCorpus corpus, Path intentsDir, Path kbDir,
                IntentCorpusLoader.Limits limits, UnansweredLog unanswered) {
    this.vertx = vertx;
    this.auth = auth;
    this.audit = audit;
    this.corpus = corpus;
    this.intentsDir = intentsDir;
    this.kbDir = kbDir;
    this.limits = limits;
    this.editor = new CorpusEditor(intentsDir, kbDir, limits);
    this.unanswered = unanswered;
  }

  public void mount(Router router) {
    router.route("/api/ops/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route("/api/ops/*").handler(auth.authenticate()).handler(AgentAuth.require(Role.OPS));
    router.get("/api/ops/corpus").handler(this::corpus);
    router.post("/api/ops/corpus/reload").handler(this::reload);
    router.get("/api/ops/unanswered").handler(this::unanswered);
    router.post("/api/ops/unanswered/:groupId").handler(this::act);
    router.get("/api/ops/intents").handler(this::intents);
    router.get("/api/ops/faqs").handler(this::faqs);
  }

  private void corpus(RoutingContext ctx) {
    if (corpus == null) {
      ApiErrors.send(ctx, nlpDisabled());
      return;
    }
    LoadedCorpus loaded = corpus.get();
    LiveCorpus.Built built = corpus.built();
    if (loaded == null) {
      ApiErrors.send(ctx, new ApiException(503, "corpus_loading", "the corpus is still being built"));
      return;
    }
    JsonObject golden = built == null || built.goldenCases() == 0 ? null : new JsonObject()
        .put("accuracy", built.goldenAccuracy()).put("gate", built.goldenGate())
        .put("passed", built.goldenAccuracy() >= built.goldenGate());
    ApiReplies.json(ctx, 200, new JsonObject().put("version", loaded.version().shortId())
        .put("builtAt", built == null ? null : built.atMillis())
        .put("intents", loaded.pipeline().classifier().labels().size())
        .put("faqs", loaded.pipeline().faqIndex() == null ? 0 : loaded.pipeline().faqIndex().corpus().entries().size())
        .put("golden", golden));
  }

  private void reload(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, reloadCorpus().compose(version -> audit.record(p.id(), "corpus.reload", version, "").otherwiseEmpty()
        .map(v -> new JsonObject().put("version", version))));
  }

  /** Rebuilds the corpus; completes with the new version, or fails with a 422 listing the problems. */
  private Future<String> reloadCorpus() {
    if (corpus == null) {
      return Future.failedFuture(nlpDisabled());
    }
    return Future.fromCompletionStage(corpus.reload(), vertx.getOrCreateContext())
        .map(loaded -> loaded.version().shortId())
        .recover(err -> Future.failedFuture(err instanceof CorpusException e ? invalid(e) : err));
  }

  private void unanswered(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 50, 1, MAX_GROUPS);
    reply(ctx, groups().compose(groups -> blocking(() -> {
      JsonArray out = new JsonArray();
      LoadedCorpus loaded = corpus == null ? null : corpus.get();
      for (UnansweredGroup g : groups.subList(0, Math.min(limit, groups.size()))) {
        JsonArray samples = new JsonArray();
        g.samples().forEach(s -> samples.add(new JsonObject().put("text", s.text()).put("at", s.atMs())
            .put("conversationId", s.conversationId())));
        out.add(new JsonObject().put("id", g.id()).put("text", g.text()).put("count", g.count())
            .put("lastSeen", g.lastSeenMs()).put("suggestedIntent", suggest(loaded, g.text()))
            .put("samples", samples));
      }
      return new JsonObject().put("groups", out);
    })));
  }

  private static String suggest(LoadedCorpus loaded, String text) {
    if (loaded == null) {
      return null;
    }
    IntentClassifier.Prediction prediction = loaded.pipeline().classify(text);
    return prediction.confidence() >= SUGGEST_CONFIDENCE ? prediction.top().orElse(null) : null;
  }

  /** Every kept unanswered message, grouped (on a worker thread). */
  private Future<List<UnansweredGroup>> groups() {
    return unanswered.recent(UnansweredLog.MAX_ENTRIES)
        .compose(entries -> blocking(() -> grouper.group(entries)));
  }

  private void act(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    String groupId = ctx.pathParam("groupId");
    JsonBody body = JsonBody.of(ctx, ACTION_FIELDS);
    String action = body.requiredString("action");
    Callable<String> edit;
    String detail;
    switch (action) {
      case "example" -> {
        String intent = body.requiredString("intent");
        String text = body.requiredString("text");
        edit = () -> edited(() -> editor.addExample(intent, text));
        detail = "example of intent " + intent + ": " + text;
      }
      case "paraphrase" -> {
        String faqId = body.requiredString("faqId");
        String text = body.requiredString("text");
        edit = () -> edited(() -> editor.addParaphrase(faqId, text));
        detail = "paraphrase of FAQ " + faqId + ": " + text;
      }
      case "dismiss" -> {
        edit = null;
        detail = "dismissed";
      }
      default -> throw ApiErrors.badRequest("action must be example, paraphrase or dismiss");
    }
    reply(ctx, groups().compose(groups -> {
      Optional<UnansweredGroup> group = groups.stream().filter(g -> g.id().equals(groupId)).findFirst();
      if (group.isEmpty()) {
        return Future.failedFuture(ApiErrors.notFound("no unanswered group " + groupId + " (reload the list)"));
      }
      Future<String> version = edit == null ? Future.succeededFuture(currentVersion())
          : blocking(edit).compose(file -> reloadCorpus().recover(err -> corpus == null
              ? Future.succeededFuture((String) null) : Future.failedFuture(err)));
      return version.compose(v -> unanswered.remove(group.get().entryIds())
          .compose(removed -> audit.record(p.id(), "unanswered." + action, groupId, detail).otherwiseEmpty())
          .map(x -> new JsonObject().put("version", v)));
    }));
  }

  private interface Edit {
    CorpusEditor.Edit run() throws CorpusException, CorpusEditor.NotFoundException;
  }

  /** Runs an edit (on a worker), mapping its failures to API errors; completes with the edited file's name. */
  private String edited(Edit edit) {
    try {
      synchronized (editor) {
        return edit.run().file().getFileName().toString();
      }
    } catch (CorpusException e) {
      throw invalid(e);
    } catch (CorpusEditor.NotFoundException e) {
      throw ApiErrors.notFound(e.getMessage());
    }
  }

  private String currentVersion() {
    LoadedCorpus loaded = corpus == null ? null : corpus.get();
    return loaded == null ? null : loaded.version().shortId();
  }

  private void intents(RoutingContext ctx) {
    reply(ctx, blocking(() -> {
      IntentCorpus intents = loadIntents();
      JsonArray out = new JsonArray();
      for (IntentDefinition i : intents.intents()) {
        out.add(new JsonObject().put("name", i.name()).put("description", i.description()).put("domain", i.domain()));
      }
      return new JsonObject().put("intents", out);
    }));
  }

  private void faqs(RoutingContext ctx) {
    String query = ctx.queryParam("q").isEmpty() ? "" : ctx.queryParam("q").get(0).strip().toLowerCase(Locale.ROOT);
    int limit = intParam(ctx, "limit", 50, 1, 500);
    reply(ctx, blocking(() -> {
      List<FaqEntry> entries;
      try {
        entries = new FaqCorpusLoader().load(kbDir, loadIntents().byName().keySet()).entries();
      } catch (CorpusException e) {
        throw invalid(e);
      }
      JsonArray out = new JsonArray();
      for (FaqEntry e : entries) {
        if (out.size() < limit && matches(e, query)) {
          out.add(new JsonObject().put("id", e.id()).put("question", e.question()));
        }
      }
      return new JsonObject().put("faqs", out);
    }));
  }

  private static boolean matches(FaqEntry e, String query) {
    if (query.isEmpty()) {
      return true;
    }
    return e.id().toLowerCase(Locale.ROOT).contains(query) || e.question().toLowerCase(Locale.ROOT).contains(query)
        || e.paraphrases().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains(query));
  }

  private IntentCorpus loadIntents() {
    try {
      return new IntentCorpusLoader(limits).load(intentsDir);
    } catch (CorpusException e) {
      throw invalid(e);
    }
  }

  /** A 422 carrying every problem as {@code file:line: message}. */
  static CorpusInvalid invalid(CorpusException e) {
    return new CorpusInvalid(e.problems());
  }

  /** The 422 of a corpus that does not validate; {@link #problems} go into the reply next to error and message. */
  static final class CorpusInvalid extends RuntimeException {
    private final List<String> problems;

    CorpusInvalid(List<CorpusProblem> problems) {
      super("the corpus does not validate (" + problems.size() + " problem(s)); the files and the corpus in use"
          + " stay as they were", null, false, false);
      this.problems = problems.stream().map(CorpusProblem::toString).toList();
    }
  }

  private static ApiException nlpDisabled() {
    return new ApiException(409, "nlp_disabled", "the NLP pipeline is disabled (nlp.enabled: false)");
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(values.get(0));
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiErrors.badRequest(name + " must be a whole number between " + min + " and " + max);
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        ApiReplies.json(ctx, 200, ar.result());
      } else if (unwrap(ar.cause()) instanceof CorpusInvalid invalid) {
        ApiReplies.json(ctx, 422, new JsonObject().put("error", "corpus_invalid").put("message", invalid.getMessage())
            .put("problems", new JsonArray(invalid.problems)));
      } else {
        ApiErrors.send(ctx, ar.cause());
      }
    });
  }

  private static Throwable unwrap(Throwable err) {
    Throwable cause = err;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
