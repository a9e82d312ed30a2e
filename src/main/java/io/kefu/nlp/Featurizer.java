package io.kefu.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an analysed message into feature keys: character 1..n-grams of the normalised text (digit runs folded to
 * {@code #}, with start/end markers), CoreNLP words and word bigrams, and entity kinds. Thread-safe.
 */
public final class Featurizer {

  /** {@code maxCharNgram} up to 4; {@code words}/{@code wordBigrams} add segmenter features. */
  public record Config(int maxCharNgram, boolean words, boolean wordBigrams) {
    public static final Config DEFAULT = new Config(3, true, true);
  }

  private final Config config;

  public Featurizer(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public List<String> features(String normalized, List<String> words, List<Entity> entities) {
    List<String> out = new ArrayList<>(normalized.length() * config.maxCharNgram() + words.size() * 2 + 4);
    String folded = "^" + foldDigits(normalized) + "$";
    int[] cps = folded.codePoints().filter(cp -> cp != ' ').toArray();
    for (int n = 1; n <= config.maxCharNgram(); n++) {
      for (int i = 0; i + n <= cps.length; i++) {
        if (n == 1 && (i == 0 || i == cps.length - 1)) {
          continue; // lone markers carry no information
        }
        out.add(new String(cps, i, n));
      }
    }
    if (config.words()) {
      String prev = "^";
      for (String w : words) {
        String f = foldDigits(w);
        out.add("w:" + f);
        if (config.wordBigrams()) {
          out.add("b:" + prev + "|" + f);
        }
        prev = f;
      }
      if (config.wordBigrams() && !words.isEmpty()) {
        out.add("b:" + prev + "|$");
      }
    }
    for (Entity e : entities) {
      out.add("e:" + e.kind().yamlName());
    }
    return out;
  }

  static String foldDigits(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean inDigits = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (!inDigits) {
          sb.append('#');
        }
        inDigits = true;
      } else {
        sb.append(c);
        inDigits = false;
      }
    }
    return sb.toString();
  }
}
