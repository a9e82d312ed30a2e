package io.kefu.nlp;

import java.util.List;

/** Splits normalised Chinese text into words. Implementations are thread-safe. */
public interface Segmenter {

  List<String> segment(String text);

  /** A segmenter that emits every non-space character as a word; for tests and as a fallback. */
  Segmenter CHARACTERS = text -> text.codePoints()
      .filter(cp -> !Character.isWhitespace(cp))
      .mapToObj(Character::toString)
      .toList();
}
