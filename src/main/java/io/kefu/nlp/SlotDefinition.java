package io.kefu.nlp;

/** A slot an intent needs filled from an entity before it can be answered; {@code prompt} asks the user for it. */
public record SlotDefinition(String name, EntityKind entity, boolean required, String prompt) {
}
