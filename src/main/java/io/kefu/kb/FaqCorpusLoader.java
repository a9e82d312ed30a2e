package io.kefu.kb;

import io.kefu.nlp.CorpusException;
import io.kefu.nlp.CorpusProblem;
import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.YamlMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates {@code kb/*.yml}; all problems are collected with file and line and the knowledge base is
 * rejected as a whole when there is any.
 */
public final class FaqCorpusLoader {

  private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> FILE_KEYS = Set.of("topic", "faqs");
  private static final Set<String> FAQ_REQUIRED = Set.of("id", "question", "paraphrases", "answer");
  private static final Set<String> FAQ_OPTIONAL = Set.of("tags", "intent");

  private final int minParaphrases;

  public FaqCorpusLoader() {
    this(3);
  }

  public FaqCorpusLoader(int minParaphrases) {
    this.minParaphrases = minParaphrases;
  }

  /** Loads {@code dir}; {@code knownIntents} (may be null to skip the check) validates {@code intent:} references. */
  public FaqCorpus load(Path dir, Set<String> knownIntents) throws CorpusException {
    List<CorpusProblem> problems = new ArrayList<>();
    String dirName = dir.getFileName() == null ? "kb" : dir.getFileName().toString();
    if (!Files.isDirectory(dir)) {
      throw new CorpusException(List.of(new CorpusProblem(dirName, 0, "directory not found: " + dir)));
    }
    List<FaqEntry> entries = new ArrayList<>();
    Map<String, String> idSource = new HashMap<>();
    for (Path file : yamlFiles(dir)) {
      String display = dirName + "/" + file.getFileName();
      YamlMapping root = YamlMapping.parse(file, display, problems);
      if (root == null) {
        continue;
      }
      root.checkKeys("topic file", FILE_KEYS, Set.of());
      String stem = stem(file);
      String topic = root.string("topic", true);
      if (topic != null && !topic.equals(stem)) {
        root.problem(root.line("topic"), "topic '" + topic + "' must match the file name '" + stem + "'");
      }
      for (Node n : root.sequence("faqs")) {
        YamlMapping m = YamlMapping.of(n, display, problems, "faq");
        if (m != null) {
          FaqEntry e = readFaq(m, stem, idSource, knownIntents);
          if (e != null) {
            entries.add(e);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(CorpusProblem::file).thenComparingInt(CorpusProblem::line));
      throw new CorpusException(problems);
    }
    return new FaqCorpus(entries, CorpusVersion.of(dir));
  }

  private FaqEntry readFaq(YamlMapping m, String topic, Map<String, String> idSource, Set<String> knownIntents) {
    m.checkKeys("faq", FAQ_REQUIRED, FAQ_OPTIONAL);
    String where = m.file() + ":" + m.line();
    String id = m.string("id", true);
    if (id != null) {
      if (!KEBAB_CASE.matcher(id).matches()) {
        m.problem(m.line("id"), "faq id '" + id + "' must be kebab-case");
      }
      String previous = idSource.putIfAbsent(id, where);
      if (previous != null) {
        m.problem(m.line("id"), "duplicate faq id '" + id + "' (first defined at " + previous + ")");
      }
    }
    String question = m.string("question", true);
    List<YamlMapping.Located> paraphrases = m.strings("paraphrases");
    if (m.has("paraphrases") && paraphrases.size() < minParaphrases) {
      m.problem(m.line("paraphrases"), "faq '" + id + "' has " + paraphrases.size() + " paraphrases, needs at least "
          + minParaphrases);
    }
    m.checkUnique("paraphrases", paraphrases);
    String answer = m.string("answer", true);
    List<YamlMapping.Located> tags = m.strings("tags");
    String intent = m.string("intent", false);
    if (intent != null && knownIntents != null && !knownIntents.contains(intent)) {
      m.problem(m.line("intent"), "faq '" + id + "' refers to unknown intent '" + intent + "'");
    }
    if (id == null || question == null || answer == null) {
      return null;
    }
    return new FaqEntry(id, topic, question, paraphrases.stream().map(YamlMapping.Located::value).toList(), answer,
        tags.stream().map(YamlMapping.Located::value).toList(), Optional.ofNullable(intent), where);
  }

  private static List<Path> yamlFiles(Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }
}
