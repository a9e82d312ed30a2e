package io.kefu.bench;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqHit;
import io.kefu.kb.FaqSearchResult;
import io.kefu.load.ShopMessages;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.NlpPipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * FAQ search alone (BM25 only and hybrid with a precomputed embedding) on never-seen shop messages: thread CPU time
 * per search and a digest of every result (entry ids, exact scores), so a change of the search can be checked for
 * identical results (exact, and with scores rounded to 1e-5) and its cost compared on a busy box. Args: warm-up rounds, messages. Run from the project root.
 */
public final class FaqSearchProbe {
  private FaqSearchProbe() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    NlpPipeline.Models models = NlpPipeline.Models.load();
    IntentCorpus intents = new IntentCorpusLoader().load(Path.of("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    NlpPipeline pipeline = NlpPipeline.build(intents, faq, models, NlpPipeline.Options.DEFAULT);
    MessageAnalyzer analyzer = new MessageAnalyzer(models.segmenter(), NlpPipeline.Options.DEFAULT.features());
    List<MessageAnalyzer.Analysis> analyses = new ShopMessages(99L).unique(n).stream().map(analyzer::analyse).toList();
    List<float[]> vectors = models.embedder().embedAll(analyses.stream().map(MessageAnalyzer.Analysis::normalized)
        .toList());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int top = NlpPipeline.Options.DEFAULT.topFaqs();
    for (int hybrid = 0; hybrid < 2; hybrid++) {
      long[] cpu = new long[n];
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      MessageDigest rounded = MessageDigest.getInstance("SHA-256");
      for (int r = 0; r <= rounds; r++) {
        for (int i = 0; i < n; i++) {
          MessageAnalyzer.Analysis a = analyses.get(i);
          float[] v = vectors.get(i);
          long c0 = mx.getCurrentThreadCpuTime();
          FaqSearchResult res = pipeline.faqIndex().searchNormalized(a.normalized(), a.words(),
              hybrid == 1 ? () -> v : null, top);
          long c1 = mx.getCurrentThreadCpuTime();
          if (r == rounds) {
            cpu[i] = c1 - c0;
            for (FaqHit h : res.hits()) {
              digest.update(h.entry().id().getBytes());
              digest.update(Double.toString(h.score()).getBytes());
              rounded.update(h.entry().id().getBytes());
              rounded.update(String.format("%.5f", h.score()).getBytes());
            }
            digest.update(Double.toString(res.margin()).getBytes());
          }
        }
      }
      Arrays.sort(cpu);
      System.out.printf("%s: CPU p50 %d µs p90 %d p99 %d mean %d over %d searches; results digest %s (scores to 1e-5:"
          + " %s)%n",
          hybrid == 1 ? "hybrid" : "bm25  ", cpu[n / 2] / 1000, cpu[n * 9 / 10] / 1000, cpu[n * 99 / 100] / 1000,
          Arrays.stream(cpu).sum() / n / 1000, n, HexFormat.of().formatHex(digest.digest()).substring(0, 16),
          HexFormat.of().formatHex(rounded.digest()).substring(0, 16));
    }
    pipeline.close();
  }
}
