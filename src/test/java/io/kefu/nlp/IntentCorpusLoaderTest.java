package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentCorpusLoaderTest {
  static final Path FIXTURE = Path.of("src/test/resources/corpus/intents");
  private static final IntentCorpusLoader.Limits SMALL = new IntentCorpusLoader.Limits(3, 1, 3);

  @TempDir
  Path tmp;

  private Path intents(String file, String yaml) throws IOException {
    Path dir = tmp.resolve("intents");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), yaml);
    return dir;
  }

  private static String examples(int n) {
    return IntStream.range(0, n).mapToObj(i -> "      - 例句" + i).collect(Collectors.joining("\n"));
  }

  private static String intent(String name, int examples) {
    return "  - name: " + name + "\n    description: 测试\n    examples:\n" + examples(examples)
        + "\n    responses:\n      - 好的\n";
  }

  @Test
  void loadsFixtureCorpus() throws Exception {
    IntentCorpus corpus = new IntentCorpusLoader(new IntentCorpusLoader.Limits(10, 1, 3)).load(FIXTURE);
    assertThat(corpus.intents()).extracting(IntentDefinition::name)
        .containsExactlyInAnyOrder("order_status", "cancel_order", "return_goods", "refund_status", "human_agent",
            "change_address", "shipping_time");
    IntentDefinition order = corpus.intent("order_status").orElseThrow();
    assertThat(order.domain()).isEqualTo("orders");
    assertThat(order.slots()).singleElement().satisfies(s -> {
      assertThat(s.entity()).isEqualTo(EntityKind.ORDER_NUMBER);
      assertThat(s.required()).isTrue();
    });
    assertThat(order.source()).isEqualTo("intents/orders.yml:3");
    assertThat(corpus.intent("human_agent").orElseThrow().escalate()).isTrue();
    assertThat(corpus.intent("refund_status").orElseThrow().threshold()).hasValue(0.6);
    assertThat(corpus.golden().minAccuracy()).isEqualTo(0.6);
    assertThat(corpus.golden().cases()).hasSize(7);
    assertThat(corpus.version().sha256()).hasSize(64);
    assertThat(corpus.examples()).hasSize(70);
  }

  @Test
  void tooFewExamplesNamesFileAndLine() throws IOException {
    Path dir = intents("orders.yml", "domain: orders\nintents:\n" + intent("order_status", 2));
    assertThatThrownBy(() -> new IntentCorpusLoader(SMALL).load(dir))
        .isInstanceOfSatisfying(CorpusException.class, e -> assertThat(e.problems()).extracting(Object::toString)
            .containsExactly("intents/orders.yml:5: intent 'order_status' has 2 examples, needs at least 3"));
    assertThatThrownBy(() -> new IntentCorpusLoader().load(dir))
        .hasMessageContaining("needs at least 15");
  }

  @Test
  void badYamlNamesLine() throws IOException {
    Path dir = intents("broken.yml", "domain: broken\nintents:\n  - name: a\n   bad: [unclosed\n");
    assertThatThrownBy(() -> new IntentCorpusLoader(SMALL).load(dir))
        .isInstanceOfSatisfying(CorpusException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.file()).isEqualTo("intents/broken.yml");
              assertThat(p.line()).isBetween(3, 5);
              assertThat(p.message()).startsWith("invalid YAML");
            }));
  }

  @Test
  void collectsMissingUnknownAndDuplicateProblemsAcrossFiles() throws IOException {
    intents("a.yml", "domain: a\nintents:\n" + intent("same_name", 3)
        + "  - name: no_examples\n    description: x\n    responses: [好]\n");
    Path dir = intents("b.yml", "domain: b\nintents:\n" + intent("same_name", 3).replace("例句", "样例")
        + "  - name: typo\n    description: x\n    exampels: [a, b, c]\n    examples: [甲, 乙, 丙]\n"
        + "    responses: [好]\n    slots:\n      - name: when\n        entity: time\n");
    CorpusException e = org.junit.jupiter.api.Assertions.assertThrows(CorpusException.class,
        () -> new IntentCorpusLoader(SMALL).load(dir));
    assertThat(e.problems()).extracting(Object::toString).containsExactly(
        "intents/a.yml:11: intent is missing required key 'examples'",
        "intents/b.yml:3: duplicate intent name 'same_name' (first defined at intents/a.yml:3)",
        "intents/b.yml:13: unknown key 'exampels' in intent",
        "intents/b.yml:18: unknown entity 'time', expected one of order_number, phone, amount, date");
  }

  @Test
  void domainMustMatchFileAndGoldenMustReferToKnownIntents() throws IOException {
    intents("orders.yml", "domain: shipping\nintents:\n" + intent("order_status", 3));
    Path dir = intents("golden.yml", "gate:\n  minAccuracy: 0.9\ncases:\n  - text: 在吗\n    intent: nope\n");
    CorpusException e = org.junit.jupiter.api.Assertions.assertThrows(CorpusException.class,
        () -> new IntentCorpusLoader(SMALL).load(dir));
    assertThat(e.problems()).extracting(Object::toString).containsExactly(
        "intents/golden.yml:4: golden case names unknown intent 'nope'",
        "intents/orders.yml:1: domain 'shipping' must match the file name 'orders'");
  }

  @Test
  void sameExampleInTwoIntentsIsRejected() throws IOException {
    Path dir = intents("a.yml", "domain: a\nintents:\n" + intent("first", 3) + intent("second", 3));
    assertThatThrownBy(() -> new IntentCorpusLoader(SMALL).load(dir))
        .hasMessageContaining("intents/a.yml:14: example '例句0' of intent 'second' also belongs to intent first");
  }

  @Test
  void versionChangesWithContent() throws IOException {
    Path dir = intents("a.yml", "domain: a\nintents:\n" + intent("first", 3));
    CorpusVersion v1 = CorpusVersion.of(dir);
    assertThat(CorpusVersion.of(dir)).isEqualTo(v1);
    Files.writeString(dir.resolve("a.yml"), "domain: a\nintents:\n" + intent("first", 4));
    assertThat(CorpusVersion.of(dir)).isNotEqualTo(v1);
  }
}
