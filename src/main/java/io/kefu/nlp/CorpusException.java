package io.kefu.nlp;

import java.util.List;
import java.util.stream.Collectors;

/** A corpus was rejected as a whole; carries every problem found, in file and line order. */
public final class CorpusException extends Exception {
  private final List<CorpusProblem> problems;

  public CorpusException(List<CorpusProblem> problems) {
    super(problems.size() + " corpus problem(s):\n"
        + problems.stream().map(CorpusProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<CorpusProblem> problems() {
    return problems;
  }
}
