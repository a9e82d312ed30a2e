package io.kefu.ops.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kefu eval --afqmc-train}: trains the adapter on one file, scores the other with and without it. */
class EvalAdapterOptionTest {

  private static final String TRAIN = """
      {"sentence1": "花呗怎么还款", "sentence2": "花呗如何还钱", "label": "1"}
      {"sentence1": "借呗额度怎么提升", "sentence2": "怎么提高借呗的额度", "label": "1"}
      {"sentence1": "花呗怎么还款", "sentence2": "借呗利息怎么算", "label": "0"}
      {"sentence1": "余额宝收益", "sentence2": "余额宝每天收益多少", "label": "1"}
      {"sentence1": "花呗逾期了怎么办", "sentence2": "花呗晚还几天有影响吗", "label": "1"}
      """;
  private static final String TEST = """
      {"sentence1": "借呗怎么还", "sentence2": "借呗还款方式", "label": "1"}
      {"sentence1": "花呗分期手续费", "sentence2": "花呗分期要多少利息", "label": "1"}
      {"sentence1": "花呗分期手续费", "sentence2": "借呗还款方式", "label": "0"}
      """;

  @Test
  void trainsOnOneFileAndReportsBothRuns(@TempDir Path dir) throws Exception {
    Path train = Files.writeString(dir.resolve("train.jsonl"), TRAIN, StandardCharsets.UTF_8);
    Path test = Files.writeString(dir.resolve("test.jsonl"), TEST, StandardCharsets.UTF_8);
    Path json = dir.resolve("eval.json");
    int exit = new CommandLine(new EvalCommand()).execute("--intents", dir.resolve("none").toString(), "--kb",
        dir.resolve("none").toString(), "--no-words", "--afqmc", test.toString(), "--afqmc-train", train.toString(),
        "--adapter-epochs", "1", "--json", json.toString());
    assertThat(exit).isZero();
    JsonObject report = new JsonObject(Files.readString(json));
    JsonArray runs = report.getJsonArray("retrieval");
    assertThat(runs.size()).as("runs without and with the adapter").isEqualTo(2);
    assertThat(runs.getJsonObject(0).getString("name")).doesNotContain("adapter");
    assertThat(runs.getJsonObject(1).getString("name")).contains("adapter trained on train.jsonl");
    for (int i = 0; i < 2; i++) {
      assertThat(runs.getJsonObject(i).getInteger("queries")).isEqualTo(2);
      assertThat(runs.getJsonObject(i).getInteger("documents")).isEqualTo(2);
    }
    assertThat(report.getJsonArray("notes").encode()).contains("embedding adapter: trained on 5 pairs");
  }

  @Test
  void adapterWithoutEmbeddingsIsAnError(@TempDir Path dir) throws Exception {
    Path pairs = Files.writeString(dir.resolve("p.jsonl"), TEST, StandardCharsets.UTF_8);
    int exit = new CommandLine(new EvalCommand()).execute("--intents", dir.resolve("none").toString(), "--no-words",
        "--no-embeddings", "--afqmc", pairs.toString(), "--afqmc-train", pairs.toString());
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void badAdapterOptionIsAUsageError() {
    assertThat(new CommandLine(new EvalCommand()).execute("--adapter-epochs", "many")).isEqualTo(2);
  }
}
