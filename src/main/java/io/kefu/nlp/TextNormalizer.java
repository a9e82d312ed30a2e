package io.kefu.nlp;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a raw chat message before any other stage: NFKC (full-width to half-width), WeChat emoji codes
 * removed (their sentiment kept as a hint), lower case, repeated punctuation collapsed, whitespace squeezed.
 * Stateless and thread-safe.
 */
public final class TextNormalizer {

  /** Bracket codes such as {@code [微笑]} with a sentiment hint; unknown bracket codes count as neutral. */
  private static final Map<String, Integer> BRACKET_EMOJI = Map.ofEntries(
      Map.entry("微笑", 1), Map.entry("呲牙", 1), Map.entry("愉快", 1), Map.entry("憨笑", 1), Map.entry("偷笑", 1),
      Map.entry("可爱", 1), Map.entry("强", 1), Map.entry("耶", 1), Map.entry("ok", 1), Map.entry("好的", 1),
      Map.entry("玫瑰", 1), Map.entry("爱心", 1), Map.entry("抱拳", 1), Map.entry("握手", 1), Map.entry("鼓掌", 1),
      Map.entry("哇", 1), Map.entry("嘿哈", 1), Map.entry("机智", 1), Map.entry("胜利", 1), Map.entry("调皮", 1),
      Map.entry("撇嘴", -1), Map.entry("发怒", -1), Map.entry("流泪", -1), Map.entry("大哭", -1), Map.entry("抓狂", -1),
      Map.entry("难过", -1), Map.entry("委屈", -1), Map.entry("鄙视", -1), Map.entry("衰", -1), Map.entry("吐", -1),
      Map.entry("快哭了", -1), Map.entry("弱", -1), Map.entry("怄火", -1), Map.entry("白眼", -1), Map.entry("咒骂", -1),
      Map.entry("便便", -1), Map.entry("心碎", -1), Map.entry("生气", -1), Map.entry("叹气", -1), Map.entry("无语", -1),
      Map.entry("捂脸", 0), Map.entry("奸笑", 0), Map.entry("皱眉", -1), Map.entry("晕", -1), Map.entry("敲打", -1));

  /** Classic slash codes ({@code /::)}); matched longest first. */
  private static final Map<String, Integer> SLASH_EMOJI = Map.ofEntries(
      Map.entry("/::)", 1), Map.entry("/::D", 1), Map.entry("/::P", 1), Map.entry("/::>", 1), Map.entry("/:,@P", 1),
      Map.entry("/:,@-D", 1), Map.entry("/:strong", 1), Map.entry("/:ok", 1), Map.entry("/:rose", 1),
      Map.entry("/:heart", 1), Map.entry("/:handclap", 1), Map.entry("/:v", 1), Map.entry("/:love", 1),
      Map.entry("/:hug", 1), Map.entry("/:gift", 1), Map.entry("/::~", -1), Map.entry("/::<", -1),
      Map.entry("/::'(", -1), Map.entry("/::(", -1), Map.entry("/::@", -1), Map.entry("/::Q", -1), Map.entry("/::T", -1),
      Map.entry("/:weak", -1), Map.entry("/:bad", -1), Map.entry("/:shit", -1), Map.entry("/:break", -1),
      Map.entry("/::-S", -1), Map.entry("/::L", -1), Map.entry("/:@x", -1), Map.entry("/:no", -1), Map.entry("/::!", -1),
      Map.entry("/::B", 0), Map.entry("/::|", 0), Map.entry("/:8-)", 0), Map.entry("/::$", 0), Map.entry("/::X", 0),
      Map.entry("/::Z", 0), Map.entry("/::-|", 0), Map.entry("/::O", 0), Map.entry("/::+", 0), Map.entry("/:--b", 0),
      Map.entry("/::d", 0), Map.entry("/:,@o", 0), Map.entry("/::g", 0), Map.entry("/:|-)", 0), Map.entry("/:?", 0),
      Map.entry("/:bye", 0), Map.entry("/:wipe", 0), Map.entry("/:coffee", 0), Map.entry("/:sun", 0),
      Map.entry("/:moon", 0), Map.entry("/:beer", 0), Map.entry("/:cake", 0));

  private static final Pattern BRACKET_CODE = Pattern.compile("\\[([\\p{IsHan}A-Za-z]{1,4})\\]");
  private static final Pattern SLASH_CODE;
  private static final Pattern REPEATED_PUNCTUATION = Pattern.compile("([\\p{P}\\p{S}&&[^\\p{IsHan}]])\\1+");
  private static final Pattern PUNCTUATION_RUN = Pattern.compile("([!?.。,、;~])[!?.。,、;~]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SPACE_BETWEEN_HAN = Pattern.compile("(?<=\\p{IsHan}) (?=\\p{IsHan})");

  static {
    List<String> codes = SLASH_EMOJI.keySet().stream()
        .sorted((a, b) -> Integer.compare(b.length(), a.length()))
        .map(Pattern::quote)
        .toList();
    SLASH_CODE = Pattern.compile(String.join("|", codes));
  }

  /** Result of normalisation: the text and the sentiment of the emoji that were removed (sum of -1/0/+1). */
  public record Normalized(String text, int emojiSentiment) {
  }

  public String normalize(String raw) {
    return analyse(raw).text();
  }

  public Normalized analyse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new Normalized("", 0);
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    int sentiment = 0;
    StringBuilder sb = new StringBuilder(text.length());
    Matcher slash = SLASH_CODE.matcher(text);
    int last = 0;
    while (slash.find()) {
      sentiment += SLASH_EMOJI.getOrDefault(slash.group(), 0);
      sb.append(text, last, slash.start()).append(' ');
      last = slash.end();
    }
    sb.append(text, last, text.length());
    text = sb.toString();

    sb.setLength(0);
    Matcher bracket = BRACKET_CODE.matcher(text);
    last = 0;
    while (bracket.find()) {
      sentiment += BRACKET_EMOJI.getOrDefault(bracket.group(1).toLowerCase(Locale.ROOT), 0);
      sb.append(text, last, bracket.start()).append(' ');
      last = bracket.end();
    }
    sb.append(text, last, text.length());
    text = sb.toString().toLowerCase(Locale.ROOT);

    text = REPEATED_PUNCTUATION.matcher(text).replaceAll("$1");
    text = PUNCTUATION_RUN.matcher(text).replaceAll("$1");
    text = SPACES.matcher(text).replaceAll(" ").strip();
    text = SPACE_BETWEEN_HAN.matcher(text).replaceAll("");
    return new Normalized(text, Integer.signum(sentiment) * Math.min(3, Math.abs(sentiment)));
  }
}
