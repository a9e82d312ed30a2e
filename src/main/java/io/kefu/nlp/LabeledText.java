package io.kefu.nlp;

/** A text with its gold label (intent name, or any class name for external data sets). */
public record LabeledText(String text, String label) {
}
