package io.kefu.app;

import io.kefu.agent.AgentAccountsApi;
import io.kefu.agent.AgentServices;
import io.kefu.agent.AgentSocketHub;
import io.kefu.agent.ChatApi;
import io.kefu.bot.Responder;
import io.kefu.channel.wechat.PushCallbackHandler;
import io.kefu.ops.AdminHandler;
import io.kefu.ops.OpsApi;
import io.kefu.report.DashboardApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.atomic.AtomicInteger;

/** One HTTP server instance: health, readiness, metrics, the channel callbacks ({@code /wechat}, {@code /wecom}), the agent API and the console. */
public final class HttpVerticle extends VerticleBase {

  /** What the routes need; shared by all instances. */
  public record Routes(PrometheusMeterRegistry registry, Redis redis, Responder responder,
                       java.util.List<PushCallbackHandler> callbacks, AdminHandler admin, AgentServices agents, ChatApi chats,
                       AgentSocketHub sockets, DashboardApi dashboard, OpsApi ops) {
  }

  private final KefuConfig.Http http;
  private final Routes routes;
  private final AtomicInteger boundPort;

  public HttpVerticle(KefuConfig.Http http, Routes routes, AtomicInteger boundPort) {
    this.http = http;
    this.routes = routes;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(HealthCheckHandler.create(vertx));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(routes.registry()));
    routes.callbacks().forEach(callback -> callback.mount(router));
    routes.admin().mount(router);
    new AgentAccountsApi(routes.agents()).mount(router);
    routes.chats().mount(router);
    routes.sockets().mount(router);
    routes.dashboard().mount(router);
    routes.ops().mount(router);
    // the browser console: static files and the chart library's WebJar, both from the jar
    router.getWithRegex("/console").handler(ctx -> ctx.redirect("/console/"));
    router.route("/console/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/console/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false));
    return vertx.createHttpServer(new HttpServerOptions().setHost(http.host()).setPort(http.port()))
        .requestHandler(router)
        .listen()
        .onSuccess(server -> boundPort.set(server.actualPort()));
  }

  private HealthChecks readiness() {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("redis", 2_000, promise -> routes.redis().send(Request.cmd(Command.PING))
        .onSuccess(r -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
            .put("error", String.valueOf(err.getMessage()))))));
    checks.register("models", promise -> promise.complete(routes.responder().ready() ? Status.OK() : Status.KO()));
    return checks;
  }
}
