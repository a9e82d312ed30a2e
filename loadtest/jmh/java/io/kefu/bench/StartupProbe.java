package io.kefu.bench;

import io.kefu.load.ShopMessages;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.nlp.BgeEmbedder;
import io.kefu.nlp.ChineseSegmenter;
import io.kefu.nlp.Embedder;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.NlpPipeline;
import io.kefu.nlp.NlpResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Start-up and memory of the NLP pipeline with the default models and the demo corpus: time to load the models,
 * to read and build the corpus, total to a ready pipeline (and JVM uptime at that point); resident memory
 * ({@code VmRSS}/{@code VmHWM} of /proc/self/status) and heap used after a full GC, after the build and after
 * {@code N} analyses of unique messages (default 1,000; these first analyses are also timed, cold JIT included).
 * Run from the project root: {@code java -Xmx3g -cp … io.kefu.bench.StartupProbe [N]}.
 */
public final class StartupProbe {

  private StartupProbe() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.offline", "true");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    System.out.printf("JVM: %s %s, max heap %d MB, %d processors; JVM uptime at main %d ms%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    memory("at main");

    long t0 = System.nanoTime();
    ChineseSegmenter segmenter = new ChineseSegmenter().load();
    long segLoad = System.nanoTime() - t0;
    memory("after the segmenter");
    long t1 = System.nanoTime();
    CountingEmbedder embedder = new CountingEmbedder(new BgeEmbedder());
    long embLoad = System.nanoTime() - t1;
    memory("after the embedder");
    long t2 = System.nanoTime();
    NlpPipeline.Models models = new NlpPipeline.Models(segmenter, embedder); // what Models.load() builds
    IntentCorpus intents = new IntentCorpusLoader().load(Path.of("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    long read = System.nanoTime() - t2;
    long t3 = System.nanoTime();
    NlpPipeline pipeline = NlpPipeline.build(intents, faq, models, NlpPipeline.Options.DEFAULT);
    long build = System.nanoTime() - t3;
    long ready = segLoad + embLoad + read + build;
    System.out.printf("load models: segmenter %.2f s + embedder %.2f s = %.2f s%n", sec(segLoad), sec(embLoad),
        sec(segLoad + embLoad));
    System.out.printf("read corpus: %.2f s (%d intents, %d examples, %d FAQ entries)%n", sec(read),
        intents.intents().size(), intents.examples().size(), faq.entries().size());
    System.out.printf("build pipeline: %.2f s (%d embeddings)%n", sec(build), embedder.calls.get());
    System.out.printf("ready: %.2f s of work after main (excluding the probe's own GCs); JVM uptime now %.2f s%n",
        sec(ready), ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    memory("after build");

    List<String> messages = new ShopMessages(424_242L).unique(n);
    Histogram h = new Histogram(60_000_000L, 3);
    long before = embedder.calls.get();
    int usedEmbedding = 0;
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long tA = System.nanoTime();
    for (String m : messages) {
      long s = System.nanoTime();
      NlpResult r = pipeline.analyse(m);
      h.recordValue((System.nanoTime() - s) / 1000);
      usedEmbedding += r.intents().usedEmbedding() ? 1 : 0;
      digest.update(summary(r).getBytes(StandardCharsets.UTF_8));
    }
    System.out.printf("%d unique analyses in %.2f s (cold, from start-up): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
            + " max %.2f ms%n", n, sec(System.nanoTime() - tA), h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
    System.out.printf("embeddings computed: %d for %d messages; classifier left its fast path on %d (%.0f%%)%n",
        embedder.calls.get() - before, n, usedEmbedding, 100.0 * usedEmbedding / n);
    System.out.printf("result digest (intents, confidences, FAQ hits and scores): %s%n",
        HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    memory("after " + n + " analyses (" + pipeline.cachedResults() + " cached results)");
    pipeline.close();
  }

  /** What the bot acts on, rounded so that a what-if build can be compared with the baseline. */
  private static String summary(NlpResult r) {
    StringBuilder sb = new StringBuilder(r.normalized()).append('|');
    r.intents().ranked().forEach(s -> sb.append(s.intent()).append(String.format(":%.4f,", s.probability())));
    sb.append(String.format("%.4f|", r.intents().confidence()));
    r.faq().hits().forEach(h -> sb.append(h.entry().id()).append(String.format(":%.4f,", h.score())));
    return sb.append('\n').toString();
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }

  private static void memory(String when) throws Exception {
    System.gc();
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    String rss = "?";
    String hwm = "?";
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = line.substring(6).strip();
      } else if (line.startsWith("VmHWM:")) {
        hwm = line.substring(6).strip();
      }
    }
    System.out.printf("memory %s: VmRSS %s (peak VmHWM %s); heap used after GC %d MB of %d MB committed;"
        + " non-heap used %d MB%n", when, mb(rss), mb(hwm), heap.getUsed() >> 20, heap.getCommitted() >> 20,
        nonHeap.getUsed() >> 20);
  }

  private static String mb(String kb) {
    String[] parts = kb.split("\\s+");
    return parts.length == 2 && parts[1].equals("kB") ? (Long.parseLong(parts[0]) >> 10) + " MB" : kb;
  }

  /** Delegates to bge-small-zh and counts single and batch embeddings. */
  private static final class CountingEmbedder implements Embedder {
    final AtomicLong calls = new AtomicLong();
    private final BgeEmbedder delegate;

    CountingEmbedder(BgeEmbedder delegate) {
      this.delegate = delegate;
    }

    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public float[] embed(String text) {
      calls.incrementAndGet();
      return delegate.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      calls.addAndGet(texts.size());
      return delegate.embedAll(texts);
    }
  }
}
