package io.kefu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.ops.eval.EvalCommand;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The corpus gate in CI: the shipped intents must pass their own golden set, as `kefu eval` checks it. */
class ShippedCorpusGateTest {

  @Test
  void shippedCorpusPassesItsGoldenGate(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("eval.json");
    int exit = new CommandLine(new EvalCommand()).execute("--intents", "intents", "--folds", "3",
        "--json", json.toString());
    assertThat(exit).as("kefu eval exit code (1 = golden gate failed, 2 = corpus invalid)").isZero();
    JsonObject report = new JsonObject(Files.readString(json));
    JsonObject golden = report.getJsonObject("golden");
    assertThat(golden.getInteger("cases")).isGreaterThanOrEqualTo(120);
    assertThat(golden.getDouble("accuracy")).isGreaterThanOrEqualTo(golden.getDouble("minAccuracy"));
    assertThat(golden.getBoolean("passed")).isTrue();
  }
}
