package io.kefu.agent;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account endpoints of the agent API under {@code /api}: login, the caller's own account, agent
 * administration and the audit log. Every change is audited; every failure is JSON from {@link ApiErrors}.
 */
public final class AgentAccountsApi {
  private static final Logger LOG = LoggerFactory.getLogger(AgentAccountsApi.class);
  /** Account bodies are tiny; anything larger is refused with 413. */
  public static final long BODY_LIMIT = 16 * 1024;
  private static final int DEFAULT_AUDIT_LIMIT = 50;
  private static final Set<String> LOGIN_FIELDS = Set.of("id", "password");
  private static final Set<String> CREATE_FIELDS = Set.of("id", "name", "password", "roles", "groups", "maxChats");
  private static final Set<String> UPDATE_FIELDS = Set.of("name", "roles", "groups", "maxChats", "disabled");
  private static final Set<String> PASSWORD_FIELDS = Set.of("password", "oldPassword");

  private final AgentDirectory directory;
  private final AgentAuth auth;
  private final AuditLog audit;

  public AgentAccountsApi(AgentServices services) {
    this.directory = services.directory();
    this.auth = services.auth();
    this.audit = services.audit();
  }

  /** Adds the routes to the main router, and JSON failure reporting to all of {@code /api/*}. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    Handler<RoutingContext> agent = auth.authenticate();
    router.route("/api/*").failureHandler(ApiErrors.failureHandler());
    router.post("/api/login").handler(body).handler(this::login);
    router.get("/api/me").handler(agent).handler(this::me);
    router.get("/api/agents").handler(agent).handler(AgentAuth.require(Role.SUPERVISOR)).handler(this::list);
    router.get("/api/agents/:id").handler(agent).handler(AgentAuth.require(Role.SUPERVISOR)).handler(this::show);
    router.post("/api/agents").handler(body).handler(agent).handler(AgentAuth.require(Role.ADMIN)).handler(this::create);
    router.put("/api/agents/:id").handler(body).handler(agent).handler(AgentAuth.require(Role.ADMIN))
        .handler(this::update);
    router.post("/api/agents/:id/password").handler(body).handler(agent).handler(this::password);
    router.get("/api/audit").handler(agent).handler(AgentAuth.require(Role.ADMIN, Role.SUPERVISOR))
        .handler(this::auditTrail);
  }

  private void login(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx, LOGIN_FIELDS);
    String id = body.requiredString("id");
    String password = body.requiredString("password");
    String from = "from " + remote(ctx);
    directory.authenticate(id, password).compose(account -> auth.ready().map(account)).onComplete(ar -> {
      if (ar.succeeded()) {
        AgentAccount account = ar.result();
        String token = auth.issue(account);
        JsonObject reply = new JsonObject().put("token", token)
            .put("expiresAt", Instant.now().plus(auth.tokenTtl()).toString())
            .put("agent", account.toJson());
        audited(account.id(), "login", account.id(), from).onComplete(v -> ApiReplies.json(ctx, 200, reply));
      } else {
        String reason = ar.cause() instanceof ApiException e ? e.code() : "error";
        String tried = AgentAccount.isValidId(id) ? id : "?";
        audited(tried, "login.failed", tried, reason + " " + from).onComplete(v -> ApiErrors.send(ctx, ar.cause()));
      }
    });
  }

  private void me(RoutingContext ctx) {
    AgentPrincipal me = AgentAuth.principal(ctx);
    directory.get(me.id()).onComplete(ar -> {
      if (ar.failed()) {
        ApiErrors.send(ctx, ar.cause());
      } else {
        ApiReplies.json(ctx, 200, ar.result() == null ? me.toJson() : ar.result().toJson());
      }
    });
  }

  private void list(RoutingContext ctx) {
    directory.list().onComplete(ar -> {
      if (ar.failed()) {
        ApiErrors.send(ctx, ar.cause());
        return;
      }
      JsonArray agents = new JsonArray();
      ar.result().forEach(account -> agents.add(account.toJson()));
      ApiReplies.json(ctx, 200, new JsonObject().put("agents", agents));
    });
  }

  private void show(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    reply(ctx, 200, existing(id).map(AgentAccount::toJson));
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx, CREATE_FIELDS);
    String password = body.requiredString("password");
    AgentAccount account = AgentAccount.fromJson(body.copyWithout("password"));
    String actor = AgentAuth.principal(ctx).id();
    reply(ctx, 201, directory.create(account, password)
        .compose(created -> audited(actor, "agent.create", created.id(), describe(created)).map(created.toJson())));
  }

  private void update(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonBody body = JsonBody.of(ctx, UPDATE_FIELDS);
    AgentPrincipal actor = AgentAuth.principal(ctx);
    reply(ctx, 200, existing(id).compose(before -> {
      AgentAccount after = changed(before, body);
      if (actor.id().equals(id) && (after.disabled() || !after.has(Role.ADMIN))) {
        return Future.failedFuture(ApiErrors.conflict("you cannot disable your own account or drop your own admin role"));
      }
      return directory.update(after).compose(saved -> {
        auth.forget(id);
        return audited(actor.id(), "agent.update", id, changes(before, saved)).map(saved.toJson());
      });
    }));
  }

  private void password(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonBody body = JsonBody.of(ctx, PASSWORD_FIELDS);
    String password = body.requiredString("password");
    AgentPrincipal actor = AgentAuth.principal(ctx);
    Future<Void> allowed;
    String detail;
    if (actor.id().equals(id)) {
      String oldPassword = body.string("oldPassword");
      if (oldPassword == null) {
        throw new IllegalArgumentException("oldPassword: required to change your own password");
      }
      detail = "changed by the agent";
      allowed = directory.authenticate(id, oldPassword).<Void>mapEmpty().recover(err ->
          Future.failedFuture(err instanceof ApiException e && e.code().equals("invalid_credentials")
              ? new ApiException(403, "wrong_password", "原密码错误") : err));
    } else if (actor.has(Role.ADMIN)) {
      detail = "reset by an admin";
      allowed = Future.succeededFuture();
    } else {
      throw ApiErrors.forbidden("only an admin can set another agent's password");
    }
    allowed.compose(v -> directory.setPassword(id, password))
        .compose(v -> audited(actor.id(), "agent.password", id, detail))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            ApiReplies.noContent(ctx);
          } else {
            ApiErrors.send(ctx, ar.cause());
          }
        });
  }

  private void auditTrail(RoutingContext ctx) {
    String limitParam = ctx.request().getParam("limit");
    int limit = DEFAULT_AUDIT_LIMIT;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > AuditLog.MAX_LIMIT) {
        throw new IllegalArgumentException("limit: must be a whole number between 1 and " + AuditLog.MAX_LIMIT);
      }
    }
    String actor = ctx.request().getParam("actor");
    reply(ctx, 200, audit.recent(limit, actor == null || actor.isBlank() ? null : actor.strip()).map(entries -> {
      JsonArray items = new JsonArray();
      entries.forEach(entry -> items.add(entry.toJson()));
      return new JsonObject().put("entries", items);
    }));
  }

  private Future<AgentAccount> existing(String id) {
    return directory.get(id).compose(account -> account == null
        ? Future.failedFuture(ApiErrors.notFound("no agent '" + id + "'"))
        : Future.succeededFuture(account));
  }

  /** {@code before} with the fields present in {@code body}. */
  private static AgentAccount changed(AgentAccount before, JsonBody body) {
    List<String> roles = body.strings("roles");
    List<String> groups = body.strings("groups");
    Integer maxChats = body.integer("maxChats");
    Boolean disabled = body.bool("disabled");
    String name = body.string("name");
    return new AgentAccount(before.id(),
        name != null ? name : before.name(),
        roles != null ? AgentAccount.parseRoles(roles) : before.roles(),
        groups != null ? new TreeSet<>(groups) : before.groups(),
        maxChats != null ? maxChats : before.maxChats(),
        disabled != null ? disabled : before.disabled());
  }

  private static String describe(AgentAccount account) {
    return "name=" + account.name() + "; roles=" + String.join(",", AgentAccount.roleNames(account.roles()))
        + "; groups=" + String.join(",", account.groups()) + "; maxChats=" + account.maxChats();
  }

  private static String changes(AgentAccount before, AgentAccount after) {
    List<String> changes = new ArrayList<>();
    change(changes, "name", before.name(), after.name());
    change(changes, "roles", String.join(",", AgentAccount.roleNames(before.roles())),
        String.join(",", AgentAccount.roleNames(after.roles())));
    change(changes, "groups", String.join(",", before.groups()), String.join(",", after.groups()));
    change(changes, "maxChats", before.maxChats(), after.maxChats());
    change(changes, "disabled", before.disabled(), after.disabled());
    return changes.isEmpty() ? "no change" : String.join("; ", changes);
  }

  private static void change(List<String> changes, String field, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(field + ": " + before + " -> " + after);
    }
  }

  /** Records an audit entry; a failed write is logged and does not fail the request whose change already happened. */
  private Future<Void> audited(String actor, String action, String target, String detail) {
    return audit.record(actor, action, target, detail).recover(err -> {
      LOG.error("Audit entry lost: {} {} {} ({}): {}", actor, action, target, detail, err.toString());
      return Future.succeededFuture();
    });
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        ApiReplies.json(ctx, status, ar.result());
      } else {
        ApiErrors.send(ctx, ar.cause());
      }
    });
  }

  private static String remote(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
