package io.kefu.conversation;

import java.util.List;
import java.util.stream.Collectors;

/** A profile change the {@link CustomerSchema} rejects; the message lists every problem. */
public final class InvalidProfileException extends IllegalArgumentException {
  private final transient List<CustomerSchema.Problem> problems;

  public InvalidProfileException(List<CustomerSchema.Problem> problems) {
    super("invalid profile change: " + problems.stream().map(Object::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<CustomerSchema.Problem> problems() {
    return problems;
  }
}
