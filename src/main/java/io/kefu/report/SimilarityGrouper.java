package io.kefu.report;

import io.kefu.nlp.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups unanswered messages by the character-bigram Jaccard similarity of their normalised texts (leader
 * clustering): texts are taken oldest first; each joins the most similar existing group whose first text it
 * resembles at least {@code threshold}, or starts a new group. Candidates come from an inverted index of bigrams,
 * so a few thousand texts group in milliseconds. Plain Java, deterministic for the same input.
 */
public final class SimilarityGrouper {
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final int SAMPLES = 5;
  private static final TextNormalizer NORMALIZER = new TextNormalizer();

  private final double threshold;

  public SimilarityGrouper(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    this.threshold = threshold;
  }

  public SimilarityGrouper() {
    this(DEFAULT_THRESHOLD);
  }

  /** Groups {@code entries} (any order); the result is sorted by size, then by the newest message. */
  public List<UnansweredGroup> group(List<UnansweredEntry> entries) {
    List<UnansweredEntry> oldestFirst = new ArrayList<>(entries);
    oldestFirst.sort(Comparator.comparingLong(UnansweredEntry::atMs).thenComparing(UnansweredEntry::id));
    List<Builder> groups = new ArrayList<>();
    Map<String, Builder> byKey = new HashMap<>();
    Map<String, List<Builder>> index = new HashMap<>();
    for (UnansweredEntry entry : oldestFirst) {
      String key = key(entry.text());
      if (key.isEmpty()) {
        continue;
      }
      Builder same = byKey.get(key);
      if (same == null) {
        Set<String> grams = bigrams(key);
        same = mostSimilar(grams, index);
        if (same == null) {
          same = new Builder(key, grams);
          groups.add(same);
          for (String gram : grams) {
            index.computeIfAbsent(gram, g -> new ArrayList<>()).add(same);
          }
        }
        byKey.put(key, same);
      }
      same.add(entry);
    }
    List<UnansweredGroup> out = new ArrayList<>(groups.size());
    groups.forEach(b -> out.add(b.build()));
    out.sort(Comparator.comparingInt(UnansweredGroup::count).reversed()
        .thenComparing(Comparator.comparingLong(UnansweredGroup::lastSeenMs).reversed())
        .thenComparing(UnansweredGroup::id));
    return out;
  }

  private Builder mostSimilar(Set<String> grams, Map<String, List<Builder>> index) {
    Map<Builder, Integer> shared = new LinkedHashMap<>();
    for (String gram : grams) {
      for (Builder candidate : index.getOrDefault(gram, List.of())) {
        shared.merge(candidate, 1, Integer::sum);
      }
    }
    Builder best = null;
    double bestScore = 0;
    for (Map.Entry<Builder, Integer> e : shared.entrySet()) {
      int common = e.getValue();
      double score = common / (double) (grams.size() + e.getKey().grams.size() - common);
      if (score >= threshold && score > bestScore) {
        best = e.getKey();
        bestScore = score;
      }
    }
    return best;
  }

  /** Jaccard similarity of the character bigrams of two texts after normalisation (1 for equal texts). */
  public static double similarity(String a, String b) {
    Set<String> x = bigrams(key(a));
    Set<String> y = bigrams(key(b));
    if (x.isEmpty() && y.isEmpty()) {
      return 1;
    }
    Set<String> common = new HashSet<>(x);
    common.retainAll(y);
    return common.size() / (double) (x.size() + y.size() - common.size());
  }

  /** The text reduced to letters and digits after the bot's own normalisation (NFKC, lower case, no emoji codes). */
  static String key(String text) {
    String normalized = NORMALIZER.normalize(text == null ? "" : text);
    StringBuilder out = new StringBuilder(normalized.length());
    normalized.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
    return out.toString();
  }

  static Set<String> bigrams(String key) {
    Set<String> grams = new HashSet<>();
    int[] cps = key.codePoints().toArray();
    if (cps.length == 1) {
      grams.add(new String(cps, 0, 1));
    }
    for (int i = 0; i + 1 < cps.length; i++) {
      grams.add(new String(cps, i, 2));
    }
    return grams;
  }

  static String idOf(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Builder {
    private final String firstKey;
    private final Set<String> grams;
    private final List<UnansweredEntry> entries = new ArrayList<>();

    Builder(String firstKey, Set<String> grams) {
      this.firstKey = firstKey;
      this.grams = grams;
    }

    void add(UnansweredEntry entry) {
      entries.add(entry);
    }

    UnansweredGroup build() {
      // entries are oldest first: the last of equally frequent texts is the newest
      Map<String, Integer> frequency = new LinkedHashMap<>();
      for (UnansweredEntry e : entries) {
        frequency.merge(e.text().strip(), 1, Integer::sum);
      }
      String text = null;
      int best = 0;
      for (UnansweredEntry e : entries) {
        int n = frequency.get(e.text().strip());
        if (n >= best) {
          best = n;
          text = e.text().strip();
        }
      }
      List<UnansweredEntry> newestFirst = new ArrayList<>(entries);
      java.util.Collections.reverse(newestFirst);
      return new UnansweredGroup(idOf(firstKey), text, entries.size(), newestFirst.get(0).atMs(),
          List.copyOf(newestFirst.subList(0, Math.min(SAMPLES, newestFirst.size()))),
          entries.stream().map(UnansweredEntry::id).toList());
    }
  }
}
