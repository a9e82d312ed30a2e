package io.kefu.handoff;

import java.util.Set;

/** Who acts on a conversation through the agent API: an agent's id, groups, and whether they supervise. */
public record Actor(String id, Set<String> groups, boolean supervisor) {

  public boolean canSee(String skill) {
    return supervisor || groups.contains(skill);
  }
}
