package io.kefu.conversation;

import io.kefu.kb.FaqCorpus;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Searches canned replies the way an agent types: an exact title first, then titles containing the query, then
 * replies sharing character bigrams with the query (Chinese needs no segmenter for this). Immutable; build a new
 * one when the replies change.
 */
public final class CannedReplies {
  private static final Pattern NOISE = Pattern.compile("[\\s\\p{P}\\p{S}]+");

  private final List<Indexed> replies;

  private record Indexed(CannedReply reply, int order, String title, String text, Set<String> titleGrams,
                         Set<String> allGrams) {
  }

  /** Ranked result: tier 3 = exact title, 2 = title contains the query, 1 = bigram overlap only. */
  private record Ranked(Indexed entry, int tier, double overlap, boolean own) {
  }

  public CannedReplies(List<CannedReply> replies) {
    List<Indexed> indexed = new ArrayList<>(replies.size());
    for (CannedReply reply : replies) {
      String title = fold(reply.title());
      String text = fold(reply.text());
      Set<String> titleGrams = bigrams(title);
      Set<String> allGrams = new HashSet<>(titleGrams);
      allGrams.addAll(bigrams(text));
      indexed.add(new Indexed(reply, indexed.size(), title, text, titleGrams, allGrams));
    }
    this.replies = List.copyOf(indexed);
  }

  /** The agents' replies followed by the knowledge base's FAQ entries as shared replies. */
  public static CannedReplies of(List<CannedReply> agentReplies, FaqCorpus kbOrNull) {
    List<CannedReply> all = new ArrayList<>(agentReplies);
    if (kbOrNull != null) {
      kbOrNull.entries().forEach(faq -> all.add(CannedReply.fromFaq(faq)));
    }
    return new CannedReplies(all);
  }

  public int size() {
    return replies.size();
  }

  /**
   * The best {@code limit} replies the agent may see for the query. A blank query lists the agent's own replies,
   * then the shared ones, in the order they were given.
   *
   * @param agentId null to see shared replies only
   */
  public List<CannedReply> search(String query, String agentId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    String folded = query == null ? "" : fold(query);
    List<Ranked> ranked = new ArrayList<>();
    Set<String> queryGrams = bigrams(folded);
    for (Indexed entry : replies) {
      if (!entry.reply().visibleTo(agentId)) {
        continue;
      }
      boolean own = agentId != null && agentId.equals(entry.reply().owner());
      if (folded.isEmpty()) {
        ranked.add(new Ranked(entry, 0, 0, own));
        continue;
      }
      int tier = entry.title().equals(folded) ? 3 : entry.title().contains(folded) ? 2 : 0;
      double overlap = folded.codePointCount(0, folded.length()) == 1
          ? (entry.text().contains(folded) || entry.title().contains(folded) ? 1 : 0)
              + (entry.title().contains(folded) ? 0.5 : 0)
          : overlap(queryGrams, entry);
      if (tier == 0 && overlap > 0) {
        tier = 1;
      }
      if (tier > 0) {
        ranked.add(new Ranked(entry, tier, overlap, own));
      }
    }
    ranked.sort(Comparator.comparingInt(Ranked::tier).reversed()
        .thenComparing(Comparator.comparingDouble(Ranked::overlap).reversed())
        .thenComparing(r -> !r.own())
        .thenComparingInt(r -> r.entry().order()));
    return ranked.stream().limit(limit).map(r -> r.entry().reply()).toList();
  }

  /** Share of the query's bigrams found in the reply, plus half that share again for those in the title. */
  private static double overlap(Set<String> queryGrams, Indexed entry) {
    if (queryGrams.isEmpty()) {
      return 0;
    }
    int inAll = 0;
    int inTitle = 0;
    for (String gram : queryGrams) {
      if (entry.allGrams().contains(gram)) {
        inAll++;
      }
      if (entry.titleGrams().contains(gram)) {
        inTitle++;
      }
    }
    return (inAll + 0.5 * inTitle) / queryGrams.size();
  }

  /** NFKC, lower case, without whitespace and punctuation. */
  static String fold(String text) {
    if (text == null) {
      return "";
    }
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return NOISE.matcher(normalized).replaceAll("");
  }

  /** Character bigrams by code point (a one-character query is matched by containment instead). */
  static Set<String> bigrams(String folded) {
    Set<String> grams = new HashSet<>();
    int[] cps = folded.codePoints().toArray();
    for (int i = 0; i + 1 < cps.length; i++) {
      grams.add(new String(cps, i, 2));
    }
    return grams;
  }
}
