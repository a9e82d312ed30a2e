package io.kefu.ops.eval;

import io.kefu.nlp.LabeledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the external JSONL evaluation sets (CLUE CIC and AFQMC format). */
public final class Datasets {
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");

  private Datasets() {
  }

  /** A sentence pair with its label ("1" = same meaning). */
  public record Pair(String sentence1, String sentence2, String label) {
  }

  /** CIC lines: {@code sentence} and {@code label} (the {@code label_des} is used as the readable class name). */
  public static List<LabeledText> readLabeled(Path file) {
    List<LabeledText> out = new ArrayList<>();
    for (String line : lines(file)) {
      java.util.Map<String, String> f = fields(line);
      String label = f.containsKey("label_des") ? f.get("label_des") : f.get("label");
      if (f.get("sentence") != null && label != null) {
        out.add(new LabeledText(f.get("sentence"), label));
      }
    }
    return out;
  }

  public static List<Pair> readPairs(Path file) {
    List<Pair> out = new ArrayList<>();
    for (String line : lines(file)) {
      java.util.Map<String, String> f = fields(line);
      if (f.get("sentence1") != null && f.get("sentence2") != null) {
        out.add(new Pair(f.get("sentence1"), f.get("sentence2"), f.getOrDefault("label", "")));
      }
    }
    return out;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.util.Map<String, String> fields(String line) {
    java.util.Map<String, String> f = new java.util.HashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      f.put(m.group(1), m.group(3) != null ? unescape(m.group(3)) : m.group(2));
    }
    return f;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
