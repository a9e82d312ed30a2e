package io.kefu.nlp;

import java.util.List;

/** The gate of {@code intents/golden.yml}: hand-written cases the trained model must get right often enough. */
public record GoldenSet(double minAccuracy, List<Case> cases) {

  public static final GoldenSet EMPTY = new GoldenSet(0.0, List.of());

  public GoldenSet {
    cases = List.copyOf(cases);
  }

  /** One golden case: a user message and the intent expected for it. */
  public record Case(String text, String intent) {
  }
}
