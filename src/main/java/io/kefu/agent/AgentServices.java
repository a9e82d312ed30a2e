package io.kefu.agent;

import io.kefu.app.KefuConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent accounts, their authentication and the audit log of one node, built once and shared by its verticles. */
public record AgentServices(AgentDirectory directory, AgentAuth auth, AuditLog audit) {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServices.class);

  /**
   * Builds the services and, when a bootstrap password is configured, creates the first admin of an
   * empty directory. Does not fail when Redis is unreachable: the node starts and reports it through readiness.
   */
  public static Future<AgentServices> start(Vertx vertx, Redis redis, Clock clock, KefuConfig.AgentSettings settings) {
    AgentDirectory directory = new AgentDirectory(vertx, redis, clock, new PasswordHasher(settings.passwordIterations()));
    AuditLog audit = new AuditLog(redis, clock);
    return AgentAuth.create(vertx, redis, settings.jwtSecret(), settings.tokenTtl(), clock).compose(auth -> {
      AgentServices services = new AgentServices(directory, auth, audit);
      if (settings.bootstrapPassword() == null) {
        return Future.succeededFuture(services);
      }
      return directory.ensureBootstrapAdmin(settings.bootstrapAdmin(), settings.bootstrapPassword())
          .compose(created -> {
            if (!created) {
              return Future.succeededFuture();
            }
            LOG.info("Created the bootstrap admin '{}' (the agent directory was empty)", settings.bootstrapAdmin());
            return audit.record("system", "agent.create", settings.bootstrapAdmin(), "bootstrap admin");
          })
          .recover(err -> {
            // Kefu starts without Redis (readiness reports it); the admin is created at a later start.
            LOG.error("Could not create the bootstrap admin '{}': {}", settings.bootstrapAdmin(), err.toString());
            return Future.succeededFuture();
          })
          .map(services);
    });
  }
}
