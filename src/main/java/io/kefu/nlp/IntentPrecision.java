package io.kefu.nlp;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How often the classifier is right when it predicts an intent, measured on the golden set (held-out,
 * hand-written cases): for each predicted intent, how many golden cases it was predicted for and how many of
 * those were really that intent. Intents never predicted have no entry. Immutable.
 */
public record IntentPrecision(Map<String, Measured> byIntent) {

  /** Nothing measured (no golden set): no intent has a known precision. */
  public static final IntentPrecision NONE = new IntentPrecision(Map.of());

  public IntentPrecision {
    byIntent = Collections.unmodifiableMap(new TreeMap<>(byIntent));
  }

  /** Golden cases predicted as one intent, and how many of them were right. */
  public record Measured(int predicted, int correct) {
    public Measured {
      if (correct < 0 || correct > predicted) {
        throw new IllegalArgumentException("need 0 <= correct <= predicted, got " + correct + "/" + predicted);
      }
    }

    /** Correct over predicted; 0 when never predicted. */
    public double precision() {
      return predicted == 0 ? 0 : correct / (double) predicted;
    }
  }

  public Optional<Measured> of(String intent) {
    return Optional.ofNullable(byIntent.get(intent));
  }

  /** True when the intent was predicted at least {@code minSamples} times with at least {@code minPrecision}. */
  public boolean atLeast(String intent, double minPrecision, int minSamples) {
    Measured m = byIntent.get(intent);
    return m != null && m.predicted() >= minSamples && m.predicted() > 0 && m.precision() >= minPrecision;
  }

  /**
   * Classifies every golden case with {@code classify} (which returns the top intent, or empty when it has none)
   * and counts the outcome per predicted intent. Blocking when the classifier is.
   */
  public static IntentPrecision measure(GoldenSet golden, Function<String, Optional<String>> classify) {
    Tally tally = new Tally();
    for (GoldenSet.Case c : golden.cases()) {
      classify.apply(c.text()).ifPresent(predicted -> tally.add(c.intent(), predicted));
    }
    return tally.result();
  }

  /** Counts (expected, predicted) pairs one at a time; not thread-safe. */
  public static final class Tally {
    private final Map<String, int[]> counts = new HashMap<>();

    public Tally add(String expected, String predicted) {
      int[] c = counts.computeIfAbsent(predicted, k -> new int[2]);
      c[0]++;
      if (predicted.equals(expected)) {
        c[1]++;
      }
      return this;
    }

    public IntentPrecision result() {
      Map<String, Measured> out = new HashMap<>();
      counts.forEach((intent, c) -> out.put(intent, new Measured(c[0], c[1])));
      return new IntentPrecision(out);
    }
  }
}
