package io.kefu.bench;

import io.kefu.kb.FaqCorpus;
import io.kefu.load.ShopMessages;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.load.ShopMessages;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.NlpPipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A/B cost of a cache miss for a box too busy for JMH: the default pipeline and the reference (fast path off,
 * every miss embedded) analyse the same never-seen messages, alternating message by message on one thread, and
 * this prints p50/p90/p99 of the thread's CPU time and of the wall time per message for both. CPU time is what
 * one core spends on the message; it does not count time spent waiting for a CPU another process holds, so it
 * stays meaningful when the box is oversubscribed (caches are still shared). Args: warm-up and measured message
 * counts. Run from the project root.
 */
public final class NlpCostProbe {

  private NlpCostProbe() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
    NlpPipeline.Models models = NlpPipeline.Models.load();
    IntentCorpus intents = new IntentCorpusLoader().load(Path.of("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
    NlpPipeline current = NlpPipeline.build(intents, faq, models, d);
    NlpPipeline reference = NlpPipeline.build(intents, faq, models, new NlpPipeline.Options(d.features(),
        d.classifier().withFastPath(1.0), d.faq(), d.topIntents(), d.topFaqs(), d.cacheSize()));
    List<String> messages = new ShopMessages(20_261_112L).unique(warm + n);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[][] cpu = new long[2][n];
    long[][] wall = new long[2][n];
    int skipped = 0;
    for (int i = 0; i < warm + n; i++) {
      String m = messages.get(i);
      for (int k = 0; k < 2; k++) {
        // alternate which one goes first, so neither always runs on the other's cache leftovers
        int which = (i + k) % 2;
        NlpPipeline p = which == 0 ? current : reference;
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        var r = p.analyse(m);
        long w1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        if (i >= warm) {
          cpu[which][i - warm] = c1 - c0;
          wall[which][i - warm] = w1 - w0;
          if (which == 0 && !r.intents().usedEmbedding()) {
            skipped++;
          }
        }
      }
    }
    System.out.printf("%d warm-up + %d measured unique messages; default pipeline skipped the embedding on %.1f%%%n",
        warm, n, 100.0 * skipped / n);
    String[] names = {"default (fast path 0.8, FAQ BM25-only on it)", "reference (fast path off, always embedded)"};
    for (int k = 0; k < 2; k++) {
      System.out.printf("%-46s CPU p50 %,6d µs p90 %,6d p99 %,6d | wall p50 %,6d µs p90 %,6d p99 %,6d%n", names[k],
          pct(cpu[k], 0.5), pct(cpu[k], 0.9), pct(cpu[k], 0.99), pct(wall[k], 0.5), pct(wall[k], 0.9),
          pct(wall[k], 0.99));
    }
    current.close();
    reference.close();
  }

  private static long pct(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))] / 1_000;
  }
}
