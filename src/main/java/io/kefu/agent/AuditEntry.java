package io.kefu.agent;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One audited action.
 *
 * @param id     the entry's stream id (orders entries)
 * @param actor  the agent who acted (for a failed login: the id tried)
 * @param action what was done, e.g. {@code login}, {@code agent.update}
 * @param target what it was done to (an agent id, a conversation id), or ""
 */
public record AuditEntry(String id, Instant at, String actor, String action, String target, String detail) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("at", at.toString()).put("actor", actor).put("action", action)
        .put("target", target).put("detail", detail);
  }
}
