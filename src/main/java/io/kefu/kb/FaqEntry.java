package io.kefu.kb;

import java.util.List;
import java.util.Optional;

/** One FAQ entry of {@code kb/<topic>.yml}; {@code source} is {@code file:line}. */
public record FaqEntry(
    String id,
    String topic,
    String question,
    List<String> paraphrases,
    String answer,
    List<String> tags,
    Optional<String> intent,
    String source) {

  public FaqEntry {
    paraphrases = List.copyOf(paraphrases);
    tags = List.copyOf(tags);
  }
}
