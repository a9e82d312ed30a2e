package io.kefu.report;

import io.kefu.nlp.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups unanswered messages by the character-bigram Jaccard similarity of their normalised texts: texts are taken
 * oldest first; each joins the group of the most similar text seen before, if that one resembles it at least
 * {@code threshold}, or starts a new group (single linkage). Candidates come from an inverted index of each text's
 * rarest bigrams (prefix filtering, exact for the threshold, at most {@link #MAX_CANDIDATES} checked), so thousands of texts group without comparing all pairs. Plain Java, deterministic for the same input.
 */
public final class SimilarityGrouper {
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final int SAMPLES = 5;
  /**
   * Candidates verified per text at most (the rarest bigrams' first): bounds the work when thousands of texts are
   * nearly alike, at worst splitting a group that single linkage would have joined.
   */
  static final int MAX_CANDIDATES = 500;
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
    // bigram document frequencies over the distinct texts: prefix filtering indexes each text by its rarest bigrams
    Map<String, long[]> gramsOf = new HashMap<>();
    Map<Long, Integer> frequency = new HashMap<>();
    for (UnansweredEntry entry : oldestFirst) {
      String key = key(entry.text());
      if (!key.isEmpty() && !gramsOf.containsKey(key)) {
        long[] grams = grams(key);
        gramsOf.put(key, grams);
        for (long g : grams) {
          frequency.merge(g, 1, Integer::sum);
        }
      }
    }
    Comparator<Long> rarestFirst = Comparator.<Long>comparingInt(frequency::get).thenComparing(g -> g);
    List<Builder> groups = new ArrayList<>();
    Map<String, Builder> byKey = new HashMap<>();
    Map<Long, List<Known>> index = new HashMap<>();
    // seen[seq] == stamp of the current query: the candidate was already checked for it
    int[] seen = new int[gramsOf.size()];
    for (UnansweredEntry entry : oldestFirst) {
      String key = key(entry.text());
      if (key.isEmpty()) {
        continue;
      }
      Builder same = byKey.get(key);
      if (same == null) {
        long[] grams = gramsOf.get(key);
        List<Long> prefix = java.util.Arrays.stream(grams).boxed().sorted(rarestFirst).limit(prefixLength(grams.length))
            .toList();
        same = mostSimilar(grams, prefix, index, seen, byKey.size() + 1);
        if (same == null) {
          same = new Builder(key);
          groups.add(same);
        }
        Known known = new Known(grams, same, byKey.size());
        for (Long gram : prefix) {
          index.computeIfAbsent(gram, g -> new ArrayList<>()).add(known);
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

  /** A distinct text already placed in a group (identity equality: it is a map key in the hot loop). */
  private static final class Known {
    private final long[] grams;
    private final Builder group;
    private final int seq;

    Known(long[] grams, Builder group, int seq) {
      this.grams = grams;
      this.group = group;
      this.seq = seq;
    }

    int seq() {
      return seq;
    }

    long[] grams() {
      return grams;
    }

    Builder group() {
      return group;
    }
  }

  /**
   * How many of a text's rarest bigrams to index and probe: two sets with Jaccard similarity at least t share at
   * least one of the first {@code n - ceil(t * n) + 1} elements of each in any fixed global order (prefix filtering),
   * so no similar pair is missed while frequent bigrams (怎么, 什么 …) rarely produce candidates.
   */
  private int prefixLength(int n) {
    return Math.max(1, n - (int) Math.ceil(threshold * n - 1e-9) + 1);
  }

  /** The group of the most similar text seen so far, if any is similar enough (the earliest text on a tie). */
  private Builder mostSimilar(long[] grams, List<Long> prefix, Map<Long, List<Known>> index, int[] seen, int stamp) {
    Known best = null;
    double bestScore = 0;
    int checked = 0;
    for (Long gram : prefix) {
      for (Known candidate : index.getOrDefault(gram, List.of())) {
        if (seen[candidate.seq()] == stamp) {
          continue;
        }
        if (++checked > MAX_CANDIDATES) {
          return best == null ? null : best.group();
        }
        seen[candidate.seq()] = stamp;
        double score = jaccard(grams, candidate.grams());
        if (score >= threshold && (score > bestScore || score == bestScore && candidate.seq() < best.seq())) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    return best == null ? null : best.group();
  }

  /** Jaccard similarity of the character bigrams of two texts after normalisation (1 for equal texts). */
  public static double similarity(String a, String b) {
    long[] x = grams(key(a));
    long[] y = grams(key(b));
    return x.length == 0 && y.length == 0 ? 1 : jaccard(x, y);
  }

  /** Jaccard similarity of two ascending arrays of distinct values. */
  private static double jaccard(long[] x, long[] y) {
    int common = 0;
    int i = 0;
    int j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] == y[j]) {
        common++;
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return common / (double) (x.length + y.length - common);
  }

  /** The text reduced to letters and digits after the bot's own normalisation (NFKC, lower case, no emoji codes). */
  static String key(String text) {
    String normalized = NORMALIZER.normalize(text == null ? "" : text);
    StringBuilder out = new StringBuilder(normalized.length());
    normalized.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
    return out.toString();
  }

  /** The distinct character bigrams of a key, each packed into a long (two 21-bit code points), ascending. */
  static long[] grams(String key) {
    int[] cps = key.codePoints().toArray();
    if (cps.length == 1) {
      return new long[] {(1L << 42) | cps[0]};
    }
    long[] grams = new long[Math.max(0, cps.length - 1)];
    for (int i = 0; i + 1 < cps.length; i++) {
      grams[i] = ((long) cps[i] << 21) | cps[i + 1];
    }
    return java.util.Arrays.stream(grams).sorted().distinct().toArray();
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
    private final List<UnansweredEntry> entries = new ArrayList<>();

    Builder(String firstKey) {
      this.firstKey = firstKey;
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
