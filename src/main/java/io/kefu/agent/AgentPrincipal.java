package io.kefu.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** The authenticated agent behind a request or a WebSocket, as its account stands now (not as the token says). */
public record AgentPrincipal(String id, String name, Set<Role> roles, Set<String> groups) {

  public AgentPrincipal {
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    groups = Collections.unmodifiableSet(new TreeSet<>(groups));
  }

  public static AgentPrincipal of(AgentAccount account) {
    return new AgentPrincipal(account.id(), account.name(), account.roles(), account.groups());
  }

  /** Whether the agent holds {@code role}; ADMIN implies every role and SUPERVISOR implies AGENT. */
  public boolean has(Role role) {
    return AgentAccount.holds(roles, role);
  }

  /** Whether the agent may see the conversations of {@code group}: supervisors and admins see all groups. */
  public boolean canSee(String group) {
    return has(Role.SUPERVISOR) || groups.contains(group);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name)
        .put("roles", new JsonArray(AgentAccount.roleNames(roles)))
        .put("groups", new JsonArray(new ArrayList<>(groups)));
  }
}
