package io.kefu.conversation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a text in transcripts: a case-insensitive substring match after NFKC on both sides, so full-width
 * letters and digits match their ASCII forms ({@code ＡＢＣ１２３} finds {@code abc123}).
 */
public final class TranscriptSearch {
  public static final int MAX_MATCHES = 5;

  private final String needle;

  /** @param query the text to find; must not be blank */
  public TranscriptSearch(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be blank");
    }
    this.needle = fold(query.strip());
  }

  /** The entries containing the query, oldest first, at most {@link #MAX_MATCHES}. */
  public List<TranscriptEntry> matches(List<TranscriptEntry> transcript) {
    List<TranscriptEntry> found = new ArrayList<>();
    for (TranscriptEntry entry : transcript) {
      if (entry.text() != null && fold(entry.text()).contains(needle)) {
        found.add(entry);
        if (found.size() == MAX_MATCHES) {
          break;
        }
      }
    }
    return found;
  }

  static String fold(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
