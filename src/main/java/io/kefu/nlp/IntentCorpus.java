package io.kefu.nlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated, immutable intent corpus. */
public record IntentCorpus(List<IntentDefinition> intents, GoldenSet golden, CorpusVersion version) {

  public IntentCorpus {
    intents = List.copyOf(intents);
  }

  public Optional<IntentDefinition> intent(String name) {
    return intents.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public Map<String, IntentDefinition> byName() {
    Map<String, IntentDefinition> m = new LinkedHashMap<>();
    intents.forEach(i -> m.put(i.name(), i));
    return m;
  }

  /** Every example with its intent label, in corpus order. */
  public List<LabeledText> examples() {
    List<LabeledText> out = new ArrayList<>();
    for (IntentDefinition i : intents) {
      for (String e : i.examples()) {
        out.add(new LabeledText(e, i.name()));
      }
    }
    return out;
  }
}
