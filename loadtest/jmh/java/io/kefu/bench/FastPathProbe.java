package io.kefu.bench;

import io.kefu.load.ShopMessages;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqSearchResult;
import io.kefu.nlp.GoldenSet;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.NlpPipeline;
import java.nio.file.Path;
import java.util.List;

/**
 * How often can a cache miss skip the embedding? The classifier has a fast path (sparse model alone when its
 * calibrated confidence reaches {@code fastPathConfidence}, 0.8 by default; the FAQ is then ranked by BM25 alone,
 * see {@link SkipEmbeddingProbe} for the effect on bot decisions). For thresholds from 0.97 down this prints the share of messages that would take the fast path
 * (synthetic shop questions and {@code intents/golden.yml}), the golden accuracy of "sparse when confident,
 * ensemble otherwise", and how often the BM25-only FAQ top hit equals the hybrid one. Run from the project root.
 */
public final class FastPathProbe {

  private FastPathProbe() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    NlpPipeline.Models models = NlpPipeline.Models.load();
    IntentCorpus intents = new IntentCorpusLoader().load(Path.of("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
    // the same (seeded) training with the fast path switched off: always the full ensemble
    NlpPipeline.Options noFast = new NlpPipeline.Options(d.features(), d.classifier().withFastPath(1.0), d.faq(),
        d.topIntents(), d.topFaqs(), d.cacheSize());
    NlpPipeline pipeline = NlpPipeline.build(intents, faq, models, noFast);
    MessageAnalyzer analyzer = new MessageAnalyzer(models.segmenter(), d.features());
    IntentClassifier classifier = pipeline.classifier();

    List<String> shop = new ShopMessages(31_337L).unique(n);
    List<GoldenSet.Case> golden = intents.golden().cases();
    double[] thresholds = {0.97, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6};
    double[] shopConf = new double[n];
    boolean[] shopAgree = new boolean[n];
    int faqSame = 0;
    int faqBothEmpty = 0;
    for (int i = 0; i < n; i++) {
      MessageAnalyzer.Analysis a = analyzer.analyse(shop.get(i));
      IntentClassifier.Prediction sparse = classifier.predict(a.features(), null, d.topIntents());
      float[] v = models.embedder().embed(a.normalized());
      IntentClassifier.Prediction full = classifier.predict(a.features(), () -> v, d.topIntents());
      shopConf[i] = sparse.confidence();
      shopAgree[i] = sparse.intent().equals(full.intent());
      FaqSearchResult bm25 = pipeline.faqIndex().searchNormalized(a.normalized(), a.words(), null, d.topFaqs());
      FaqSearchResult hybrid = pipeline.faqIndex().searchNormalized(a.normalized(), a.words(), () -> v, d.topFaqs());
      if (bm25.best().isEmpty() && hybrid.best().isEmpty()) {
        faqBothEmpty++;
      } else if (bm25.best().isPresent() && hybrid.best().isPresent()
          && bm25.best().get().entry().id().equals(hybrid.best().get().entry().id())) {
        faqSame++;
      }
    }
    int g = golden.size();
    double[] goldConf = new double[g];
    boolean[] sparseRight = new boolean[g];
    boolean[] fullRight = new boolean[g];
    for (int i = 0; i < g; i++) {
      MessageAnalyzer.Analysis a = analyzer.analyse(golden.get(i).text());
      IntentClassifier.Prediction sparse = classifier.predict(a.features(), null, d.topIntents());
      float[] v = models.embedder().embed(a.normalized());
      IntentClassifier.Prediction full = classifier.predict(a.features(), () -> v, d.topIntents());
      goldConf[i] = sparse.confidence();
      sparseRight[i] = sparse.intent().equals(golden.get(i).intent());
      fullRight[i] = full.intent().equals(golden.get(i).intent());
    }
    System.out.printf("%d synthetic shop messages, %d golden cases; golden accuracy: ensemble %.3f, sparse only %.3f%n",
        n, g, share(fullRight), share(sparseRight));
    System.out.printf("FAQ top hit, BM25 only vs BM25+embedding: same on %.1f%% of the shop messages%n",
        100.0 * (faqSame + faqBothEmpty) / n);
    System.out.println("threshold | shop: fast | shop: fast and same intent as ensemble | golden: fast | golden accuracy");
    for (double t : thresholds) {
      int fast = 0;
      int fastAgree = 0;
      for (int i = 0; i < n; i++) {
        if (shopConf[i] >= t) {
          fast++;
          fastAgree += shopAgree[i] ? 1 : 0;
        }
      }
      int gFast = 0;
      int gRight = 0;
      for (int i = 0; i < g; i++) {
        boolean useSparse = goldConf[i] >= t;
        gFast += useSparse ? 1 : 0;
        gRight += (useSparse ? sparseRight[i] : fullRight[i]) ? 1 : 0;
      }
      System.out.printf("%9.2f | %9.1f%% | %37.1f%% | %11.1f%% | %.3f%n", t, 100.0 * fast / n,
          fast == 0 ? 100.0 : 100.0 * fastAgree / fast, 100.0 * gFast / g, gRight / (double) g);
    }
    pipeline.close();
  }

  private static double share(boolean[] b) {
    int k = 0;
    for (boolean x : b) {
      k += x ? 1 : 0;
    }
    return k / (double) b.length;
  }
}
