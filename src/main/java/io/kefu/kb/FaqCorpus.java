package io.kefu.kb;

import io.kefu.nlp.CorpusVersion;
import java.util.List;
import java.util.Optional;

/** A validated, immutable FAQ knowledge base. */
public record FaqCorpus(List<FaqEntry> entries, CorpusVersion version) {

  public FaqCorpus {
    entries = List.copyOf(entries);
  }

  public Optional<FaqEntry> entry(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }
}
