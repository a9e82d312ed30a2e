package io.kefu.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A human agent's account (never its password hash). Validated on construction: every problem is an
 * {@link IllegalArgumentException} whose message starts with the field name.
 *
 * @param maxChats conversations the agent handles at once
 * @param groups   the skill groups whose queues the agent serves
 */
public record AgentAccount(String id, String name, Set<Role> roles, Set<String> groups, int maxChats,
                           boolean disabled) {
  public static final Pattern ID = Pattern.compile("[a-z0-9._-]{2,32}");
  public static final Pattern GROUP = Pattern.compile("[a-z0-9_-]{1,32}");
  public static final int MAX_NAME_LENGTH = 40;
  public static final int DEFAULT_MAX_CHATS = 3;
  public static final int MAX_CHATS = 20;
  public static final String DEFAULT_GROUP = "general";
  static final Set<String> JSON_FIELDS = Set.of("id", "name", "roles", "groups", "maxChats", "disabled");

  public AgentAccount {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("id: must match " + ID.pattern() + " (got " + shown(id) + ")");
    }
    if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
        || name.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("name: must be 1 to " + MAX_NAME_LENGTH
          + " characters without control characters (got " + shown(name) + ")");
    }
    name = name.strip();
    if (roles == null || roles.isEmpty() || roles.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("roles: at least one role is required");
    }
    roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    if (groups == null || groups.isEmpty()) {
      throw new IllegalArgumentException("groups: at least one group is required");
    }
    for (String group : groups) {
      if (group == null || !GROUP.matcher(group).matches()) {
        throw new IllegalArgumentException("groups: every group must match " + GROUP.pattern()
            + " (got " + shown(group) + ")");
      }
    }
    groups = Collections.unmodifiableSet(new TreeSet<>(groups));
    if (maxChats < 1 || maxChats > MAX_CHATS) {
      throw new IllegalArgumentException("maxChats: must be between 1 and " + MAX_CHATS + " (got " + maxChats + ")");
    }
  }

  /** An enabled account in group {@code general} taking {@value #DEFAULT_MAX_CHATS} chats at once. */
  public static AgentAccount of(String id, String name, Set<Role> roles) {
    return new AgentAccount(id, name, roles, Set.of(DEFAULT_GROUP), DEFAULT_MAX_CHATS, false);
  }

  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Whether the account holds {@code role}, directly or through a role that grants it. */
  public boolean has(Role role) {
    return holds(roles, role);
  }

  static boolean holds(Set<Role> roles, Role wanted) {
    for (Role role : roles) {
      if (role.grants(wanted)) {
        return true;
      }
    }
    return false;
  }

  public AgentAccount withName(String newName) {
    return new AgentAccount(id, newName, roles, groups, maxChats, disabled);
  }

  public AgentAccount withRoles(Set<Role> newRoles) {
    return new AgentAccount(id, name, newRoles, groups, maxChats, disabled);
  }

  public AgentAccount withGroups(Set<String> newGroups) {
    return new AgentAccount(id, name, roles, newGroups, maxChats, disabled);
  }

  public AgentAccount withMaxChats(int newMaxChats) {
    return new AgentAccount(id, name, roles, groups, newMaxChats, disabled);
  }

  public AgentAccount withDisabled(boolean newDisabled) {
    return new AgentAccount(id, name, roles, groups, maxChats, newDisabled);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("roles", new JsonArray(roleNames(roles)))
        .put("groups", new JsonArray(new ArrayList<>(groups)))
        .put("maxChats", maxChats)
        .put("disabled", disabled);
  }

  /**
   * Reads an account; {@code roles} defaults to [agent], {@code groups} to [general], {@code maxChats}
   * to {@value #DEFAULT_MAX_CHATS}, {@code disabled} to false. Unknown fields are refused.
   */
  public static AgentAccount fromJson(JsonObject json) {
    JsonBody body = JsonBody.of(json, JSON_FIELDS);
    List<String> roles = body.strings("roles");
    List<String> groups = body.strings("groups");
    Integer maxChats = body.integer("maxChats");
    Boolean disabled = body.bool("disabled");
    return new AgentAccount(body.requiredString("id"), body.requiredString("name"),
        roles == null ? EnumSet.of(Role.AGENT) : parseRoles(roles),
        groups == null ? Set.of(DEFAULT_GROUP) : new TreeSet<>(groups),
        maxChats == null ? DEFAULT_MAX_CHATS : maxChats,
        disabled != null && disabled);
  }

  /** Wire names to roles; an unknown name is an {@link IllegalArgumentException} naming the field. */
  public static Set<Role> parseRoles(Collection<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.fromWire(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("roles: " + e.getMessage());
      }
    }
    return roles;
  }

  static List<String> roleNames(Set<Role> roles) {
    List<String> names = new ArrayList<>(roles.size());
    for (Role role : roles) {
      names.add(role.wireName());
    }
    return names;
  }

  private static String shown(String value) {
    if (value == null) {
      return "nothing";
    }
    return "'" + (value.length() > 50 ? value.substring(0, 50) + "…" : value) + "'";
  }
}
