package io.kefu.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.kb.FaqCorpusLoader;
import io.kefu.nlp.CorpusException;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits a copy of the shipped corpus (never the repository's files). */
class CorpusEditorTest {
  @TempDir
  Path temp;
  private Path intents;
  private Path kb;
  private CorpusEditor editor;

  @BeforeEach
  void copyCorpus() throws Exception {
    intents = copy(Path.of("intents"), temp.resolve("intents"));
    kb = copy(Path.of("kb"), temp.resolve("kb"));
    editor = new CorpusEditor(intents, kb, IntentCorpusLoader.Limits.DEFAULT);
  }

  static Path copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  private IntentCorpus load() throws CorpusException {
    return new IntentCorpusLoader(IntentCorpusLoader.Limits.DEFAULT).load(intents);
  }

  @Test
  void anExampleIsInsertedAfterTheLastOneAndNothingElseChanges() throws Exception {
    Path file = intents.resolve("orders.yml");
    String before = Files.readString(file);
    int examplesBefore = load().intent("order_status").orElseThrow().examples().size();

    CorpusEditor.Edit edit = editor.addExample("order_status", "我那个单子到底啥进度了");

    assertThat(edit.file()).isEqualTo(file);
    String after = Files.readString(file);
    String added = "      - 我那个单子到底啥进度了\n";
    assertThat(after.length()).isEqualTo(before.length() + added.length());
    int at = after.indexOf(added);
    assertThat(at).isPositive();
    assertThat(after.substring(0, at) + after.substring(at + added.length())).as("every other byte kept")
        .isEqualTo(before);
    assertThat(after.substring(0, at)).endsWith("      - 订单号在哪看\n");
    assertThat(after.split("\n")[edit.line() - 1]).as("the reported line").isEqualTo("      - 我那个单子到底啥进度了");
    assertThat(load().intent("order_status").orElseThrow().examples()).hasSize(examplesBefore + 1)
        .contains("我那个单子到底啥进度了");
    try (Stream<Path> files = Files.list(intents)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aParaphraseGoesToItsFaqEntry() throws Exception {
    String id = new FaqCorpusLoader().load(kb, load().byName().keySet()).entries().get(0).id();
    editor.addParaphrase(id, "账号咋整出来");
    assertThat(new FaqCorpusLoader().load(kb, load().byName().keySet()).entry(id).orElseThrow().paraphrases())
        .endsWith("账号咋整出来");
  }

  @Test
  void textsYamlWouldMisreadAreQuoted() throws Exception {
    assertThat(CorpusEditor.scalar("快递到哪了")).isEqualTo("快递到哪了");
    assertThat(CorpusEditor.scalar("123")).isEqualTo("\"123\"");
    assertThat(CorpusEditor.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(CorpusEditor.scalar("价格: 多少")).isEqualTo("\"价格: 多少\"");
    assertThat(CorpusEditor.scalar("#1 \"好\"")).isEqualTo("\"#1 \\\"好\\\"\"");
    editor.addExample("order_status", "订单: 怎么 #查 \"看\"");
    assertThat(load().intent("order_status").orElseThrow().examples()).contains("订单: 怎么 #查 \"看\"");
  }

  @Test
  void anEditThatWouldNotValidateIsRefusedAndTheFileIsUntouched() throws Exception {
    Path file = intents.resolve("orders.yml");
    byte[] before = Files.readAllBytes(file);
    String taken = load().intent("order_status").orElseThrow().examples().get(0);
    assertThatThrownBy(() -> editor.addExample("cancel_order", taken))
        .isInstanceOfSatisfying(CorpusException.class, e -> assertThat(e.problems().toString())
            .contains("intents/orders.yml").contains("order_status"));
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void unknownTargetsAndBadTextsAreRefused() throws Exception {
    assertThatThrownBy(() -> editor.addExample("no_such_intent", "你好")).isInstanceOf(CorpusEditor.NotFoundException.class);
    assertThatThrownBy(() -> editor.addParaphrase("no-such-faq", "你好")).isInstanceOf(CorpusEditor.NotFoundException.class);
    assertThatThrownBy(() -> editor.addExample("order_status", "两行\n文字")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> editor.addExample("order_status", "  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crlfFilesAndFilesWithoutAFinalNewlineKeepTheirStyle() throws Exception {
    Path file = intents.resolve("orders.yml");
    String lf = Files.readString(file);
    String crlf = lf.replace("\n", "\r\n");
    Files.writeString(file, crlf);
    editor.addExample("order_status", "CRLF 也能加吗");
    String after = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(after).contains("      - CRLF 也能加吗\r\n");
    assertThat(after.replace("      - CRLF 也能加吗\r\n", "")).isEqualTo(crlf);
  }
}
