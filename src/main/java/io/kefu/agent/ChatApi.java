package io.kefu.agent;

import io.kefu.channel.wechat.OutboundMessage;
import io.kefu.conversation.CannedReply;
import io.kefu.kb.FaqCorpus;
import io.kefu.conversation.Conversation;
import io.kefu.conversation.ProfilePatch;
import io.kefu.handoff.Actor;
import io.kefu.handoff.CustomerChannel;
import io.kefu.handoff.HandoffEventsJson;
import io.kefu.handoff.HandoffService;
import io.kefu.handoff.StaffingMonitor;
import io.kefu.handoff.WindowJson;
import io.kefu.routing.Presence;
import io.kefu.store.CannedReplyStore;
import io.kefu.store.CustomerDirectory;
import io.kefu.store.InboundJournal;
import io.kefu.store.SurveyResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The chat part of the agent API under {@code /api}: queue, my chats, accept, send, notes, transfer, close,
 * presence, customer profile and history, canned replies, staffing and survey reports. Authentication and
 * role checks are a handler chain in front ({@link AgentAuth}); the work is {@link HandoffService}'s.
 */
public final class ChatApi {
  private static final int BODY_LIMIT = 64 * 1024;

  private final AgentAuth auth;
  private final AuditLog audit;
  private final HandoffService handoff;
  private final InboundJournal journal;
  private final CustomerChannel channel;
  private final CustomerDirectory customers;
  private final CannedReplyStore cannedStore;
  private final Supplier<FaqCorpus> kb;
  private final SurveyResults surveys;
  private final StaffingMonitor staffing;
  private final Clock clock;

  public ChatApi(AgentAuth auth, AuditLog audit, HandoffService handoff, InboundJournal journal, CustomerChannel channel,
                 CustomerDirectory customers, CannedReplyStore cannedStore, Supplier<FaqCorpus> kb,
                 SurveyResults surveys, StaffingMonitor staffing, Clock clock) {
    this.auth = auth;
    this.audit = audit;
    this.handoff = handoff;
    this.journal = journal;
    this.channel = channel;
    this.customers = customers;
    this.cannedStore = cannedStore;
    this.kb = kb;
    this.surveys = surveys;
    this.staffing = staffing;
    this.clock = clock;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    // bodies are read before the (asynchronous) token check, or the request would have ended meanwhile
    for (String path : new String[] {"/api/chats/*", "/api/me/presence", "/api/customers/*", "/api/canned*"}) {
      router.route(path).handler(body);
    }
    router.route("/api/queue").handler(auth.authenticate());
    router.route("/api/chats*").handler(auth.authenticate());
    router.route("/api/me/presence").handler(auth.authenticate());
    router.route("/api/customers/*").handler(auth.authenticate());
    router.route("/api/canned*").handler(auth.authenticate());
    router.route("/api/staffing").handler(auth.authenticate());
    router.route("/api/surveys/*").handler(auth.authenticate());

    router.get("/api/queue").handler(AgentAuth.require(Role.AGENT)).handler(this::queue);
    router.get("/api/chats").handler(AgentAuth.require(Role.AGENT)).handler(this::myChats);
    router.get("/api/chats/:id").handler(AgentAuth.require(Role.AGENT)).handler(this::chat);
    router.post("/api/chats/:id/accept").handler(AgentAuth.require(Role.AGENT)).handler(this::accept);
    router.post("/api/chats/:id/messages").handler(AgentAuth.require(Role.AGENT)).handler(this::send);
    router.post("/api/chats/:id/notes").handler(AgentAuth.require(Role.AGENT)).handler(this::note);
    router.post("/api/chats/:id/typing").handler(AgentAuth.require(Role.AGENT)).handler(this::typing);
    router.post("/api/chats/:id/transfer").handler(AgentAuth.require(Role.AGENT)).handler(this::transfer);
    router.post("/api/chats/:id/assign").handler(AgentAuth.require(Role.SUPERVISOR)).handler(this::assign);
    router.post("/api/chats/:id/close").handler(AgentAuth.require(Role.AGENT)).handler(this::close);
    router.put("/api/me/presence").handler(AgentAuth.require(Role.AGENT)).handler(this::presence);
    router.get("/api/customers/:cid").handler(AgentAuth.require(Role.AGENT)).handler(this::customer);
    router.put("/api/customers/:cid").handler(AgentAuth.require(Role.AGENT)).handler(this::editCustomer);
    router.get("/api/customers/:cid/history").handler(AgentAuth.require(Role.AGENT)).handler(this::history);
    router.get("/api/canned").handler(AgentAuth.require(Role.AGENT)).handler(this::canned);
    router.post("/api/canned").handler(AgentAuth.require(Role.AGENT)).handler(this::createCanned);
    router.delete("/api/canned/:id").handler(AgentAuth.require(Role.AGENT)).handler(this::deleteCanned);
    router.get("/api/staffing").handler(AgentAuth.require(Role.SUPERVISOR)).handler(this::staffing);
    router.get("/api/surveys/report").handler(AgentAuth.require(Role.SUPERVISOR)).handler(this::surveyReport);
  }

  static Actor actor(AgentPrincipal p) {
    return new Actor(p.id(), p.groups(), p.has(Role.SUPERVISOR));
  }

  private void queue(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    String only = ctx.queryParam("skill").isEmpty() ? null : ctx.queryParam("skill").get(0);
    reply(ctx, queueFor(p, only).map(list -> new JsonObject().put("queue", list)));
  }

  /** Queued chats the agent may see, earliest deadline first, with their place and time left. */
  public Future<JsonArray> queueFor(AgentPrincipal p, String onlySkill) {
    Future<Set<String>> skills = p.has(Role.SUPERVISOR) ? handoff.store().skills() : Future.succeededFuture(p.groups());
    return skills.compose(all -> {
      List<Future<List<Conversation>>> queues = new ArrayList<>();
      for (String skill : all) {
        if (onlySkill == null || onlySkill.equals(skill)) {
          queues.add(handoff.store().queued(skill, 200));
        }
      }
      return Future.all(queues).map(done -> {
        List<Conversation> chats = new ArrayList<>();
        queues.forEach(q -> chats.addAll(q.result()));
        chats.sort((a, b) -> a.ticket() != b.ticket() ? (a.ticket() ? -1 : 1) : Long.compare(a.deadline(), b.deadline()));
        JsonArray out = new JsonArray();
        int[] position = new int[1];
        chats.forEach(c -> out.add(HandoffEventsJson.conversation(c).put("position", ++position[0])
            .put("remainingMs", c.deadline() - clock.millis())));
        return out;
      });
    });
  }

  private void myChats(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    String agent = ctx.queryParam("agent").isEmpty() ? p.id() : ctx.queryParam("agent").get(0);
    if (!agent.equals(p.id()) && !p.has(Role.SUPERVISOR)) {
      ApiErrors.send(ctx, ApiErrors.forbidden("only supervisors may list another agent's chats"));
      return;
    }
    reply(ctx, chatsOf(agent).map(list -> new JsonObject().put("chats", list)));
  }

  /** The chats assigned to an agent. */
  public Future<JsonArray> chatsOf(String agentId) {
    return handoff.store().agent(agentId)
        .compose(a -> handoff.store().conversations(new ArrayList<>(a.chats())))
        .map(list -> {
          JsonArray out = new JsonArray();
          list.stream().filter(c -> c.assignedTo(agentId)).forEach(c -> out.add(HandoffEventsJson.conversation(c)));
          return out;
        });
  }

  private void chat(RoutingContext ctx) {
    Actor actor = actor(AgentAuth.principal(ctx));
    reply(ctx, handoff.visible(actor, ctx.pathParam("id")).compose(c -> journal.transcript(c.id())
        .compose(entries -> channel.window(c).map(w -> new JsonObject()
            .put("conversation", HandoffEventsJson.conversation(c))
            .put("transcript", HandoffEventsJson.entries(entries))
            .put("window", WindowJson.of(w, clock))))));
  }

  private void accept(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, audited(p, "chat.accept", ctx.pathParam("id"), "",
        handoff.accept(actor(p), ctx.pathParam("id")).map(c -> new JsonObject().put("conversation",
            HandoffEventsJson.conversation(c)))));
  }

  private void send(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    JsonObject body = json(ctx);
    String type = body.getString("type", "text");
    OutboundMessage message;
    String transcriptText;
    if ("text".equals(type)) {
      String text = body.getString("text");
      if (text == null || text.isBlank()) {
        throw ApiErrors.badRequest("text must not be empty");
      }
      if (!OutboundMessage.Text.fits(text)) {
        throw ApiErrors.badRequest("text is longer than WeChat allows (" + OutboundMessage.Text.MAX_BYTES + " bytes)");
      }
      message = new OutboundMessage.Text(text);
      transcriptText = text;
    } else if ("image".equals(type)) {
      String mediaId = body.getString("mediaId");
      if (mediaId == null || mediaId.isBlank()) {
        throw ApiErrors.badRequest("mediaId must be given for an image");
      }
      message = new OutboundMessage.Image(mediaId);
      transcriptText = "[图片] " + mediaId;
    } else {
      throw ApiErrors.badRequest("type must be text or image");
    }
    reply(ctx, handoff.send(actor(p), ctx.pathParam("id"), message, transcriptText));
  }

  private void note(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, handoff.note(actor(p), ctx.pathParam("id"), json(ctx).getString("text"))
        .map(entry -> new JsonObject().put("entry", entry)));
  }

  private void typing(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, handoff.typing(actor(p), ctx.pathParam("id"), json(ctx).getBoolean("typing", true))
        .map(v -> new JsonObject().put("ok", true)));
  }

  private void transfer(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    JsonObject body = json(ctx);
    String agent = body.getString("agent");
    String group = body.getString("group");
    reply(ctx, audited(p, "chat.transfer", ctx.pathParam("id"), agent != null ? "agent " + agent : "group " + group,
        handoff.transfer(actor(p), ctx.pathParam("id"), agent, group)
            .map(c -> new JsonObject().put("conversation", HandoffEventsJson.conversation(c)))));
  }

  private void assign(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    String agent = json(ctx).getString("agent");
    if (agent == null || agent.isBlank()) {
      throw ApiErrors.badRequest("agent must be given");
    }
    reply(ctx, audited(p, "chat.force_assign", ctx.pathParam("id"), agent,
        handoff.forceAssign(actor(p), ctx.pathParam("id"), agent)
            .map(c -> new JsonObject().put("conversation", HandoffEventsJson.conversation(c)))));
  }

  private void close(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, audited(p, "chat.close", ctx.pathParam("id"), "",
        handoff.close(actor(p), ctx.pathParam("id"))
            .map(c -> new JsonObject().put("conversation", HandoffEventsJson.conversation(c)))));
  }

  private void presence(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    Presence presence = Presence.parse(json(ctx).getString("presence"));
    reply(ctx, audited(p, "agent.presence", p.id(), presence.wire(), handoff.presence(actor(p), presence)
        .map(requeued -> new JsonObject().put("presence", presence.wire()).put("requeued", new JsonArray(requeued)))));
  }

  private void customer(RoutingContext ctx) {
    reply(ctx, customers.get(ctx.pathParam("cid")).map(CustomerJson::of));
  }

  private void editCustomer(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    ProfilePatch patch = CustomerJson.patch(json(ctx));
    reply(ctx, audited(p, "customer.update", ctx.pathParam("cid"), json(ctx).encode(),
        customers.update(ctx.pathParam("cid"), patch, p.id()).map(CustomerJson::of)));
  }

  private void history(RoutingContext ctx) {
    String query = ctx.queryParam("q").isEmpty() ? null : ctx.queryParam("q").get(0);
    int limit = intParam(ctx, "limit", 20, 1, 200);
    reply(ctx, customers.history(ctx.pathParam("cid"), query, limit).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(s -> out.add(CustomerJson.summary(s)));
      return new JsonObject().put("conversations", out);
    }));
  }

  private void canned(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    String query = ctx.queryParam("q").isEmpty() ? "" : ctx.queryParam("q").get(0);
    int limit = intParam(ctx, "limit", 20, 1, 100);
    reply(ctx, cannedStore.searchable(kb.get()).map(replies -> {
      JsonArray out = new JsonArray();
      replies.search(query, p.id(), limit).forEach(r -> out.add(CustomerJson.canned(r)));
      return new JsonObject().put("replies", out);
    }));
  }

  private void createCanned(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    JsonObject body = json(ctx);
    boolean shared = body.getBoolean("shared", false);
    if (shared && !p.has(Role.SUPERVISOR)) {
      throw ApiErrors.forbidden("only supervisors may create shared canned replies");
    }
    CannedReply reply = CustomerJson.canned(body, "agent:" + UUID.randomUUID().toString().substring(0, 8),
        shared ? null : p.id());
    reply(ctx, audited(p, "canned.create", reply.id(), reply.title(), cannedStore.create(reply)
        .map(CustomerJson::canned)));
  }

  private void deleteCanned(RoutingContext ctx) {
    AgentPrincipal p = AgentAuth.principal(ctx);
    reply(ctx, audited(p, "canned.delete", ctx.pathParam("id"), "",
        cannedStore.delete(ctx.pathParam("id"), p.id(), p.has(Role.SUPERVISOR))
            .recover(err -> Future.failedFuture(err instanceof CannedReplyStore.NotOwnerException
                ? ApiErrors.forbidden(err.getMessage()) : err))
            .compose(deleted -> deleted ? Future.succeededFuture(new JsonObject().put("deleted", ctx.pathParam("id")))
                : Future.failedFuture(ApiErrors.notFound("no canned reply " + ctx.pathParam("id"))))));
  }

  private void staffing(RoutingContext ctx) {
    reply(ctx, staffing.assess().map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(s -> out.add(StaffingMonitor.json(s)));
      return new JsonObject().put("skills", out);
    }));
  }

  private void surveyReport(RoutingContext ctx) {
    long to = longParam(ctx, "to", clock.millis());
    long from = longParam(ctx, "from", to - 7L * 24 * 3600 * 1000);
    reply(ctx, surveys.report(from, to).map(CustomerJson::report));
  }

  private <T> Future<T> audited(AgentPrincipal p, String action, String target, String detail, Future<T> work) {
    return work.compose(result -> audit.record(p.id(), action, target, detail).map(result)
        .otherwise(result));
  }

  private static JsonObject json(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw ApiErrors.badRequest("a JSON object body is required");
      }
      return body;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw ApiErrors.badRequest("body is not a JSON object: " + e.getMessage());
    }
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    long value = longParam(ctx, name, fallback);
    if (value < min || value > max) {
      throw ApiErrors.badRequest(name + " must be between " + min + " and " + max);
    }
    return (int) value;
  }

  private static long longParam(RoutingContext ctx, String name, long fallback) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(values.get(0));
    } catch (NumberFormatException e) {
      throw ApiErrors.badRequest(name + " must be a number, got " + values.get(0));
    }
  }

  private static <T extends JsonObject> void reply(RoutingContext ctx, Future<T> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(ar.result());
      } else {
        ApiErrors.send(ctx, ar.cause());
      }
    });
  }
}
