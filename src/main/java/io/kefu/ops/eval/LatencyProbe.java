package io.kefu.ops.eval;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.GoldenSet;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.IntentDefinition;
import io.kefu.nlp.LabeledText;
import io.kefu.nlp.NlpPipeline;
import io.kefu.nlp.NlpResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * Simple timing main (no JMH): start-up (load models + build pipeline), single-thread latency per unique message
 * after warm-up, and resident memory. Usage:
 * {@code LatencyProbe <intents-dir|cic-train.json> <kb-dir|-> <messages.jsonl> [warmup]}.
 */
public final class LatencyProbe {

  private LatencyProbe() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.offline", "true");
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(NlpPipeline.class))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    Path source = Path.of(args[0]);
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 8000;
    long t0 = System.nanoTime();
    NlpPipeline.Models models = NlpPipeline.Models.load();
    long tModels = System.nanoTime();
    IntentCorpus intents = Files.isDirectory(source)
        ? new IntentCorpusLoader(new IntentCorpusLoader.Limits(1, 1, 3)).load(source)
        : fromLabeled(Datasets.readLabeled(source));
    FaqCorpus kb = args[1].equals("-") ? null : new FaqCorpusLoader().load(Path.of(args[1]), null);
    NlpPipeline pipeline = NlpPipeline.build(intents, kb, models, NlpPipeline.Options.DEFAULT);
    long tBuilt = System.nanoTime();
    System.out.printf("start-up: models %.2f s + build %.2f s (%d examples) = %.2f s%n", (tModels - t0) / 1e9,
        (tBuilt - tModels) / 1e9, intents.examples().size(), (tBuilt - t0) / 1e9);

    List<String> messages = Datasets.readLabeled(Path.of(args[2])).stream().map(LabeledText::text).distinct()
        .toList();
    for (int i = 0; i < warmup; i++) {
      // distinct from the measured texts, so the result cache never answers
      pipeline.analyse("预热" + (i / messages.size()) + messages.get(i % messages.size()));
    }
    Histogram h = new Histogram(3_600_000_000L, 3);
    int usedEmbedding = 0;
    for (String m : messages) {
      long s = System.nanoTime();
      NlpResult r = pipeline.analyse(m);
      h.recordValue((System.nanoTime() - s) / 1000);
      if (r.intents().usedEmbedding()) {
        usedEmbedding++;
      }
    }
    System.out.printf("latency over %d unique messages (µs): p50 %d  p90 %d  p99 %d  max %d; embedding computed"
            + " for the classifier on %d%n", messages.size(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(99), h.getMaxValue(), usedEmbedding);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf("heap used after GC %.0f MB; %s%n", (rt.totalMemory() - rt.freeMemory()) / 1e6, rss());
  }

  static String rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
        return line.replaceAll("\\s+", " ") + (line.startsWith("VmHWM") ? "" : "; " + hwm());
      }
    }
    return "RSS unknown";
  }

  private static String hwm() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        return line.replaceAll("\\s+", " ");
      }
    }
    return "";
  }

  /** Wraps a labelled data set as an intent corpus (label = intent name). */
  static IntentCorpus fromLabeled(List<LabeledText> data) {
    Map<String, List<String>> byLabel = new LinkedHashMap<>();
    data.forEach(t -> byLabel.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t.text()));
    List<IntentDefinition> intents = new ArrayList<>();
    byLabel.forEach((label, ex) -> intents.add(new IntentDefinition(label, "external", label, ex, List.of("-"),
        false, List.of(), OptionalDouble.empty(), "external")));
    return new IntentCorpus(intents, GoldenSet.EMPTY, CorpusVersion.EMPTY);
  }
}
