package io.kefu.nlp;

import java.util.List;
import java.util.OptionalDouble;

/** One intent of the corpus, as written in {@code intents/<domain>.yml}; {@code source} is {@code file:line}. */
public record IntentDefinition(
    String name,
    String domain,
    String description,
    List<String> examples,
    List<String> responses,
    boolean escalate,
    List<SlotDefinition> slots,
    OptionalDouble threshold,
    String source) {

  public IntentDefinition {
    examples = List.copyOf(examples);
    responses = List.copyOf(responses);
    slots = List.copyOf(slots);
  }
}
