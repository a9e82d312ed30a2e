package io.kefu.nlp;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read through SnakeYAML's node API so every value keeps its line number. Problems (wrong type,
 * missing or unknown keys) are appended to a shared list rather than thrown, so a loader can report them all.
 */
public final class YamlMapping {
  private final String file;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<CorpusProblem> problems;

  private YamlMapping(String file, MappingNode node, List<CorpusProblem> problems) {
    this.file = file;
    this.node = node;
    this.problems = problems;
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode key) {
        if (entries.putIfAbsent(key.getValue(), t) != null) {
          problems.add(new CorpusProblem(file, line(key), "duplicate key '" + key.getValue() + "'"));
        }
      } else {
        problems.add(new CorpusProblem(file, line(t.getKeyNode()), "keys must be plain strings"));
      }
    }
  }

  /** Parses a file; returns null (with a problem recorded) when it is not valid YAML or not a mapping. */
  public static YamlMapping parse(Path path, String displayName, List<CorpusProblem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by us with a line number
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      root = yaml.compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(new CorpusProblem(displayName, line, "invalid YAML: " + problem));
      return null;
    } catch (YAMLException | IOException e) {
      problems.add(new CorpusProblem(displayName, 1, "cannot read YAML: " + e.getMessage()));
      return null;
    }
    if (root == null) {
      problems.add(new CorpusProblem(displayName, 1, "file is empty"));
      return null;
    }
    return of(root, displayName, problems, "top level");
  }

  /** Wraps a node that must be a mapping; null with a problem recorded otherwise. */
  public static YamlMapping of(Node node, String file, List<CorpusProblem> problems, String what) {
    if (node instanceof MappingNode m) {
      return new YamlMapping(file, m, problems);
    }
    problems.add(new CorpusProblem(file, line(node), what + " must be a mapping"));
    return null;
  }

  public static int line(Node n) {
    return n.getStartMark().getLine() + 1;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line(node);
  }

  public int line(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? line() : line(t.getKeyNode());
  }

  public boolean has(String key) {
    return entries.containsKey(key);
  }

  public List<CorpusProblem> problems() {
    return problems;
  }

  public void problem(int line, String message) {
    problems.add(new CorpusProblem(file, line, message));
  }

  /** Reports unknown keys (typos) and missing required keys. */
  public void checkKeys(String what, Set<String> required, Set<String> optional) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!required.contains(e.getKey()) && !optional.contains(e.getKey())) {
        problem(line(e.getValue().getKeyNode()), "unknown key '" + e.getKey() + "' in " + what);
      }
    }
    for (String key : required) {
      if (!entries.containsKey(key)) {
        problem(line(), what + " is missing required key '" + key + "'");
      }
    }
  }

  public Node node(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** A non-blank string, or null (problem recorded when present but wrong, or missing and required). */
  public String string(String key, boolean required) {
    Node n = node(key);
    if (n == null) {
      return null; // missing keys are reported by checkKeys
    }
    if (n instanceof ScalarNode s && !isNull(s)) {
      String v = s.getValue().strip();
      if (v.isEmpty() && required) {
        problem(line(n), "'" + key + "' must not be empty");
        return null;
      }
      return v;
    }
    if (required) {
      problem(line(n), "'" + key + "' must be a string");
    } else if (!(n instanceof ScalarNode)) {
      problem(line(n), "'" + key + "' must be a string");
    }
    return null;
  }

  public Boolean bool(String key, boolean defaultValue) {
    Node n = node(key);
    if (n == null) {
      return defaultValue;
    }
    if (n instanceof ScalarNode s && (s.getValue().equals("true") || s.getValue().equals("false"))) {
      return Boolean.parseBoolean(s.getValue());
    }
    problem(line(n), "'" + key + "' must be true or false");
    return defaultValue;
  }

  public Double number(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof ScalarNode s) {
      try {
        return Double.parseDouble(s.getValue());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    problem(line(n), "'" + key + "' must be a number");
    return null;
  }

  /** Items of a sequence value; empty list (problem recorded) when the value is not a sequence. */
  public List<Node> sequence(String key) {
    Node n = node(key);
    if (n == null) {
      return List.of();
    }
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    problem(line(n), "'" + key + "' must be a list");
    return List.of();
  }

  /** A list of non-blank strings with their lines. */
  public List<Located> strings(String key) {
    List<Located> out = new ArrayList<>();
    for (Node item : sequence(key)) {
      if (item instanceof ScalarNode s && !isNull(s) && !s.getValue().isBlank()) {
        out.add(new Located(s.getValue().strip(), line(s)));
      } else {
        problem(line(item), "items of '" + key + "' must be non-empty strings");
      }
    }
    return out;
  }

  /** Reports duplicate strings in a list, e.g. repeated examples. */
  public void checkUnique(String key, List<Located> values) {
    Map<String, Integer> seen = new HashMap<>();
    for (Located v : values) {
      Integer first = seen.putIfAbsent(v.value(), v.line());
      if (first != null) {
        problem(v.line(), "duplicate item '" + v.value() + "' in '" + key + "' (first at line " + first + ")");
      }
    }
  }

  private static boolean isNull(ScalarNode s) {
    return s.getTag().getValue().endsWith(":null");
  }

  /** A string value with the line it came from. */
  public record Located(String value, int line) {
  }
}
