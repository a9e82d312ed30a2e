package io.kefu.ops;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqEntry;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.CorpusProblem;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentDefinition;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Adds a customer phrasing to the corpus files: as an example of an intent ({@code intents/<domain>.yml}) or as a
 * paraphrase of an FAQ entry ({@code kb/<topic>.yml}). The new item goes on its own line after the list's last
 * item, with the same indentation; every other byte of the file stays as it was (comments, order, quoting). The
 * edited corpus is validated as a whole on a copy first; an edit that would not load is refused and nothing is
 * written. The file is replaced atomically (temporary file in the same directory, then a move).
 *
 * <p>Blocking file I/O: call it from a worker thread.
 */
public final class CorpusEditor {
  private static final int MAX_TEXT = 200;

  private final Path intentsDir;
  private final Path kbDir;
  private final IntentCorpusLoader.Limits limits;

  public CorpusEditor(Path intentsDir, Path kbDir, IntentCorpusLoader.Limits limits) {
    this.intentsDir = intentsDir;
    this.kbDir = kbDir;
    this.limits = limits;
  }

  /** An intent or FAQ entry named in an edit does not exist. */
  public static final class NotFoundException extends Exception {
    public NotFoundException(String message) {
      super(message);
    }
  }

  /** Where an edit went. */
  public record Edit(Path file, int line) {
  }

  /** Appends {@code text} to the examples of {@code intent}. */
  public Edit addExample(String intent, String text) throws CorpusException, NotFoundException {
    String clean = checkText(text);
    IntentCorpus intents = new IntentCorpusLoader(limits).load(intentsDir);
    IntentDefinition def = intents.intent(intent)
        .orElseThrow(() -> new NotFoundException("no intent '" + intent + "'"));
    Path file = intentsDir.resolve(fileOf(def.source()));
    return append(file, intentsDir, "intents", "name", intent, "examples", clean);
  }

  /** Appends {@code text} to the paraphrases of FAQ entry {@code faqId}. */
  public Edit addParaphrase(String faqId, String text) throws CorpusException, NotFoundException {
    String clean = checkText(text);
    IntentCorpus intents = new IntentCorpusLoader(limits).load(intentsDir);
    FaqCorpus faq = new FaqCorpusLoader().load(kbDir, intents.byName().keySet());
    FaqEntry entry = faq.entry(faqId).orElseThrow(() -> new NotFoundException("no FAQ entry '" + faqId + "'"));
    Path file = kbDir.resolve(fileOf(entry.source()));
    return append(file, kbDir, "faqs", "id", faqId, "paraphrases", clean);
  }

  private static String checkText(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text must not be empty");
    }
    String clean = text.strip();
    if (clean.length() > MAX_TEXT || clean.chars().anyMatch(c -> c == '\n' || c == '\r' || Character.isISOControl(c))) {
      throw new IllegalArgumentException("text must be one line of at most " + MAX_TEXT + " characters");
    }
    return clean;
  }

  /** The file name of a loader's {@code dir/file.yml:line} source. */
  private static String fileOf(String source) {
    String withoutLine = source.substring(0, source.lastIndexOf(':'));
    return withoutLine.substring(withoutLine.lastIndexOf('/') + 1);
  }

  private Edit append(Path file, Path dir, String listKey, String idKey, String id, String itemsKey, String text)
      throws CorpusException, NotFoundException {
    byte[] original = read(file);
    String content = new String(original, StandardCharsets.UTF_8);
    String display = dir.getFileName() + "/" + file.getFileName();
    SequenceNode items = itemsOf(content, display, listKey, idKey, id, itemsKey);
    if (items.getValue().isEmpty() || items.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
      throw new CorpusException(List.of(new CorpusProblem(display, items.getStartMark().getLine() + 1,
          itemsKey + " of '" + id + "' is not a block list with items; edit this file by hand")));
    }
    Node last = items.getValue().get(items.getValue().size() - 1);
    String[] lines = content.split("\n", -1);
    int startLine = last.getStartMark().getLine();
    String prefix = lines[startLine].substring(0, Math.min(lines[startLine].length(), last.getStartMark().getColumn()));
    if (!prefix.matches("[ ]*-[ ]+")) {
      throw new CorpusException(List.of(new CorpusProblem(display, startLine + 1,
          itemsKey + " of '" + id + "' is not written one item per line; edit this file by hand")));
    }
    int endLine = last.getEndMark().getLine();
    if (last.getEndMark().getColumn() == 0 && endLine > startLine) {
      endLine--;
    }
    String eol = content.contains("\r\n") ? "\r\n" : "\n";
    // character index just after the end line's newline (or the end of a file without a final newline)
    int charIndex = 0;
    for (int i = 0; i <= endLine && i < lines.length; i++) {
      charIndex += lines[i].length() + (i < lines.length - 1 ? 1 : 0);
    }
    boolean needsNewline = charIndex == content.length() && !content.endsWith("\n");
    String insert = (needsNewline ? eol : "") + prefix + scalar(text) + eol;
    int byteIndex = content.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    byte[] added = insert.getBytes(StandardCharsets.UTF_8);
    byte[] edited = new byte[original.length + added.length];
    System.arraycopy(original, 0, edited, 0, byteIndex);
    System.arraycopy(added, 0, edited, byteIndex, added.length);
    System.arraycopy(original, byteIndex, edited, byteIndex + added.length, original.length - byteIndex);
    validate(file, edited);
    write(file, edited);
    return new Edit(file, endLine + 2 + (needsNewline ? 1 : 0));
  }

  private static SequenceNode itemsOf(String content, String display, String listKey, String idKey, String id,
                                      String itemsKey) throws CorpusException, NotFoundException {
    Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(content));
    Optional<Node> list = root instanceof MappingNode m ? value(m, listKey) : Optional.empty();
    if (list.isPresent() && list.get() instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (item instanceof MappingNode entry
            && value(entry, idKey).filter(n -> n instanceof ScalarNode s && s.getValue().equals(id)).isPresent()) {
          Optional<Node> items = value(entry, itemsKey);
          if (items.isPresent() && items.get() instanceof SequenceNode itemsSeq) {
            return itemsSeq;
          }
          throw new CorpusException(List.of(new CorpusProblem(display, entry.getStartMark().getLine() + 1,
              "'" + id + "' has no " + itemsKey + " list")));
        }
      }
    }
    throw new NotFoundException("'" + id + "' not found in " + display);
  }

  private static Optional<Node> value(MappingNode mapping, String key) {
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return Optional.of(t.getValueNode());
      }
    }
    return Optional.empty();
  }

  /** The text as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted. */
  static String scalar(String text) {
    try {
      Object read = new Yaml(new SafeConstructor(new LoaderOptions())).load("- " + text);
      if (read instanceof List<?> list && list.size() == 1 && text.equals(list.get(0))) {
        return text;
      }
    } catch (RuntimeException notPlain) {
      // falls through to quoting
    }
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** Loads intents and FAQ from a copy of both directories in which {@code file} has {@code edited} content. */
  private void validate(Path file, byte[] edited) throws CorpusException {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("kefu-corpus-edit");
      Path intentsCopy = copyDir(intentsDir, scratch.resolve("i"));
      Path kbCopy = copyDir(kbDir, scratch.resolve("k"));
      Path target = (file.getParent().equals(intentsDir) ? intentsCopy : kbCopy).resolve(file.getFileName());
      Files.write(target, edited);
      IntentCorpus intents = new IntentCorpusLoader(limits).load(intentsCopy);
      new FaqCorpusLoader().load(kbCopy, intents.byName().keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(scratch);
    }
  }

  /** Copies the YAML files of {@code dir} into {@code parent/<dir's name>}, so problems name the same files. */
  private static Path copyDir(Path dir, Path parent) throws IOException {
    Path copy = Files.createDirectories(parent.resolve(dir.getFileName().toString()));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] content) {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
        + ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }
}
