package io.kefu.kb;

import java.util.List;
import java.util.Optional;

/** Ranked hits and the score margin of the first over the runner-up (its whole score when alone). */
public record FaqSearchResult(List<FaqHit> hits, double margin) {

  public static final FaqSearchResult EMPTY = new FaqSearchResult(List.of(), 0);

  public FaqSearchResult {
    hits = List.copyOf(hits);
  }

  public Optional<FaqHit> best() {
    return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0));
  }
}
