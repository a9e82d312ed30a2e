package io.kefu.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an agent account may do. On the wire (JSON, Redis) roles are written in lower case. */
public enum Role {
  AGENT, SUPERVISOR, OPS, ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the known roles when {@code name} is not one */
  public static Role fromWire(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "' (known: "
        + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")) + ")");
  }

  /** Whether holding this role grants {@code wanted}: ADMIN grants every role, SUPERVISOR grants AGENT. */
  public boolean grants(Role wanted) {
    return this == wanted || this == ADMIN || (this == SUPERVISOR && wanted == AGENT);
  }
}
