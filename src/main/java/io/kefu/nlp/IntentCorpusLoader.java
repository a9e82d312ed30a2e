package io.kefu.nlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates {@code intents/*.yml}. Every problem is collected with its file and line and the corpus is
 * rejected as a whole when there is any. Thread-safe (no state beyond the limits).
 */
public final class IntentCorpusLoader {

  /** Minimum and maximum counts; the real corpus uses {@link #DEFAULT}, tests may use smaller fixtures. */
  public record Limits(int minExamples, int minResponses, int maxResponses) {
    public static final Limits DEFAULT = new Limits(15, 1, 3);
  }

  public static final String GOLDEN_FILE = "golden.yml";
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Set<String> FILE_KEYS = Set.of("domain", "intents");
  private static final Set<String> INTENT_REQUIRED = Set.of("name", "description", "examples", "responses");
  private static final Set<String> INTENT_OPTIONAL = Set.of("escalate", "slots", "threshold");
  private static final Set<String> SLOT_REQUIRED = Set.of("name", "entity");
  private static final Set<String> SLOT_OPTIONAL = Set.of("required", "prompt");

  private final Limits limits;

  public IntentCorpusLoader() {
    this(Limits.DEFAULT);
  }

  public IntentCorpusLoader(Limits limits) {
    this.limits = limits;
  }

  public IntentCorpus load(Path dir) throws CorpusException {
    List<CorpusProblem> problems = new ArrayList<>();
    String dirName = dir.getFileName() == null ? "intents" : dir.getFileName().toString();
    if (!Files.isDirectory(dir)) {
      throw new CorpusException(List.of(new CorpusProblem(dirName, 0, "directory not found: " + dir)));
    }
    List<IntentDefinition> intents = new ArrayList<>();
    Map<String, String> nameSource = new HashMap<>();
    Map<String, String> exampleSource = new HashMap<>();
    GoldenRead golden = null;
    for (Path file : CorpusVersion.yamlFiles(dir)) {
      String display = dirName + "/" + file.getFileName();
      YamlMapping root = YamlMapping.parse(file, display, problems);
      if (root == null) {
        continue;
      }
      if (file.getFileName().toString().equals(GOLDEN_FILE)) {
        golden = readGolden(root);
        continue;
      }
      readDomain(file, root, intents, nameSource, exampleSource);
    }
    if (intents.isEmpty() && problems.isEmpty()) {
      problems.add(new CorpusProblem(dirName, 0, "no intents found"));
    }
    GoldenSet goldenSet = GoldenSet.EMPTY;
    if (golden != null) {
      for (GoldenRead.Item c : golden.cases) {
        if (!nameSource.containsKey(c.intent)) {
          problems.add(new CorpusProblem(golden.file, c.line, "golden case names unknown intent '" + c.intent + "'"));
        }
      }
      goldenSet = new GoldenSet(golden.minAccuracy,
          golden.cases.stream().map(c -> new GoldenSet.Case(c.text, c.intent)).toList());
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(CorpusProblem::file).thenComparingInt(CorpusProblem::line));
      throw new CorpusException(problems);
    }
    return new IntentCorpus(intents, goldenSet, CorpusVersion.of(dir));
  }

  private void readDomain(Path file, YamlMapping root, List<IntentDefinition> intents,
      Map<String, String> nameSource, Map<String, String> exampleSource) {
    root.checkKeys("domain file", FILE_KEYS, Set.of());
    String stem = stem(file);
    String domain = root.string("domain", true);
    if (domain != null && !domain.equals(stem)) {
      root.problem(root.line("domain"), "domain '" + domain + "' must match the file name '" + stem + "'");
    }
    for (Node n : root.sequence("intents")) {
      YamlMapping m = YamlMapping.of(n, root.file(), root.problems(), "intent");
      if (m == null) {
        continue;
      }
      IntentDefinition def = readIntent(m, stem, nameSource, exampleSource);
      if (def != null) {
        intents.add(def);
      }
    }
  }

  private IntentDefinition readIntent(YamlMapping m, String domain, Map<String, String> nameSource,
      Map<String, String> exampleSource) {
    m.checkKeys("intent", INTENT_REQUIRED, INTENT_OPTIONAL);
    String name = m.string("name", true);
    String where = m.file() + ":" + m.line();
    String label = name == null ? "(unnamed)" : name;
    if (name != null) {
      if (!SNAKE_CASE.matcher(name).matches()) {
        m.problem(m.line("name"), "intent name '" + name + "' must be snake_case");
      }
      String previous = nameSource.putIfAbsent(name, where);
      if (previous != null) {
        m.problem(m.line("name"), "duplicate intent name '" + name + "' (first defined at " + previous + ")");
      }
    }
    String description = m.string("description", true);
    List<YamlMapping.Located> examples = m.strings("examples");
    if (m.has("examples") && examples.size() < limits.minExamples()) {
      m.problem(m.line("examples"), "intent '" + label + "' has " + examples.size() + " examples, needs at least "
          + limits.minExamples());
    }
    m.checkUnique("examples", examples);
    for (YamlMapping.Located e : examples) {
      String key = normalizeForDuplicates(e.value());
      String here = m.file() + ":" + e.line();
      String other = exampleSource.putIfAbsent(key, label + "@" + here);
      if (other != null && !other.startsWith(label + "@")) {
        m.problem(e.line(), "example '" + e.value() + "' of intent '" + label + "' also belongs to intent "
            + other.replace("@", " at "));
      }
    }
    List<YamlMapping.Located> responses = m.strings("responses");
    if (m.has("responses") && (responses.size() < limits.minResponses() || responses.size() > limits.maxResponses())) {
      m.problem(m.line("responses"), "intent '" + label + "' has " + responses.size() + " responses, needs "
          + limits.minResponses() + " to " + limits.maxResponses());
    }
    boolean escalate = m.bool("escalate", false);
    List<SlotDefinition> slots = new ArrayList<>();
    for (Node n : m.sequence("slots")) {
      YamlMapping s = YamlMapping.of(n, m.file(), m.problems(), "slot");
      if (s == null) {
        continue;
      }
      s.checkKeys("slot", SLOT_REQUIRED, SLOT_OPTIONAL);
      String slotName = s.string("name", true);
      String entity = s.string("entity", true);
      EntityKind kind = entity == null ? null : EntityKind.fromYaml(entity).orElse(null);
      if (entity != null && kind == null) {
        s.problem(s.line("entity"), "unknown entity '" + entity + "', expected one of order_number, phone, amount, date");
      }
      boolean required = s.bool("required", false);
      String prompt = s.string("prompt", false);
      if (required && prompt == null) {
        s.problem(s.line(), "required slot '" + slotName + "' needs a prompt");
      }
      if (slotName != null && kind != null) {
        slots.add(new SlotDefinition(slotName, kind, required, prompt));
      }
    }
    OptionalDouble threshold = OptionalDouble.empty();
    Double t = m.number("threshold");
    if (t != null) {
      if (t <= 0 || t >= 1) {
        m.problem(m.line("threshold"), "threshold must be between 0 and 1, got " + t);
      } else {
        threshold = OptionalDouble.of(t);
      }
    }
    if (name == null || description == null) {
      return null;
    }
    return new IntentDefinition(name, domain, description,
        examples.stream().map(YamlMapping.Located::value).toList(),
        responses.stream().map(YamlMapping.Located::value).toList(),
        escalate, slots, threshold, where);
  }

  private GoldenRead readGolden(YamlMapping root) {
    root.checkKeys("golden file", Set.of("gate", "cases"), Set.of());
    double minAccuracy = 0.0;
    Node gateNode = root.node("gate");
    if (gateNode != null) {
      YamlMapping gate = YamlMapping.of(gateNode, root.file(), root.problems(), "gate");
      if (gate != null) {
        gate.checkKeys("gate", Set.of("minAccuracy"), Set.of());
        Double v = gate.number("minAccuracy");
        if (v != null) {
          if (v < 0 || v > 1) {
            gate.problem(gate.line("minAccuracy"), "minAccuracy must be between 0 and 1, got " + v);
          } else {
            minAccuracy = v;
          }
        }
      }
    }
    List<GoldenRead.Item> cases = new ArrayList<>();
    for (Node n : root.sequence("cases")) {
      YamlMapping c = YamlMapping.of(n, root.file(), root.problems(), "golden case");
      if (c == null) {
        continue;
      }
      c.checkKeys("golden case", Set.of("text", "intent"), Set.of());
      String text = c.string("text", true);
      String intent = c.string("intent", true);
      if (text != null && intent != null) {
        cases.add(new GoldenRead.Item(text, intent, c.line()));
      }
    }
    return new GoldenRead(root.file(), minAccuracy, cases);
  }

  private static String normalizeForDuplicates(String s) {
    return s.strip().toLowerCase(java.util.Locale.ROOT);
  }

  static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }

  private record GoldenRead(String file, double minAccuracy, List<Item> cases) {
    private record Item(String text, String intent, int line) {
    }
  }
}
