package io.kefu.nlp;

import java.util.Locale;
import java.util.Optional;

/** The entity types a slot can be filled from; the YAML name is the lower-case snake form. */
public enum EntityKind {
  ORDER_NUMBER, PHONE, AMOUNT, DATE;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EntityKind> fromYaml(String name) {
    for (EntityKind k : values()) {
      if (k.yamlName().equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
