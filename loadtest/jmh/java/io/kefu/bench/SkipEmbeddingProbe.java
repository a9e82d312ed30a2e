package io.kefu.bench;

import io.kefu.bot.BotPolicy;
import io.kefu.bot.BotPolicyConfig;
import io.kefu.bot.Decision;
import io.kefu.bot.DialogueState;
import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqCorpusLoader;
import io.kefu.kb.FaqHit;
import io.kefu.kb.FaqSearchResult;
import io.kefu.load.ShopMessages;
import io.kefu.nlp.GoldenSet;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentCorpusLoader;
import io.kefu.nlp.MessageAnalyzer;
import io.kefu.nlp.NlpPipeline;
import io.kefu.nlp.NlpResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What-if of skipping the query embedding on a cache miss: for each sparse-confidence threshold and each way of
 * searching the FAQ without the embedding, how many messages skip it, how many bot decisions
 * ({@link BotPolicy#decide}, defaults) stay identical to the reference (full ensemble and hybrid FAQ search on
 * every message), and how many golden cases the bot answers with the right intent. Synthetic shop messages
 * ({@link ShopMessages}) and {@code intents/golden.yml}; run from the project root.
 */
public final class SkipEmbeddingProbe {

  /** How the FAQ is searched when the embedding is skipped: BM25 alone, BM25 alone when decisive, or no FAQ answer. */
  private static final String[] RULES = {"lexical", "lexical-consistent", "no-faq-answer"};

  private SkipEmbeddingProbe() {
  }

  /** One message, every way of analysing it. */
  private record Views(MessageAnalyzer.Analysis a, IntentClassifier.Prediction sparse, IntentClassifier.Prediction full,
      FaqSearchResult hybrid, FaqSearchResult lexical, String gold) {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    NlpPipeline.Models models = NlpPipeline.Models.load();
    IntentCorpus intents = new IntentCorpusLoader().load(Path.of("intents"));
    FaqCorpus faq = new FaqCorpusLoader().load(Path.of("kb"), intents.byName().keySet());
    NlpPipeline.Options d = NlpPipeline.Options.DEFAULT;
    NlpPipeline.Options noFast = new NlpPipeline.Options(d.features(), d.classifier().withFastPath(1.0), d.faq(),
        d.topIntents(), d.topFaqs(), d.cacheSize());
    NlpPipeline pipeline = NlpPipeline.build(intents, faq, models, noFast);
    MessageAnalyzer analyzer = new MessageAnalyzer(models.segmenter(), d.features());
    IntentClassifier classifier = pipeline.classifier();
    BotPolicy policy = new BotPolicy(intents, faq, BotPolicyConfig.DEFAULT);

    List<Views> shop = new ArrayList<>();
    for (String text : new ShopMessages(31_337L).unique(n)) {
      shop.add(views(text, null, analyzer, classifier, pipeline, models, d));
    }
    List<Views> golden = new ArrayList<>();
    for (GoldenSet.Case c : intents.golden().cases()) {
      golden.add(views(c.text(), c.intent(), analyzer, classifier, pipeline, models, d));
    }
    System.out.printf("%d synthetic shop messages, %d golden cases%n", shop.size(), golden.size());
    System.out.println("threshold | FAQ when skipped | skip shop | decisions = reference (shop) | skip golden"
        + " | decisions = reference (golden) | golden answered right / wrong"
        + " | shop changes: same intent / other intent / answer lost / answer gained / other");
    for (double t : new double[] {1.01, 0.97, 0.9, 0.85, 0.8, 0.75, 0.7}) {
      for (String rule : RULES) {
        int[] s = tally(shop, t, rule, policy, faq);
        int[] g = tally(golden, t, rule, policy, faq);
        System.out.printf("%9.2f | %18s | %8.1f%% | %28.1f%% | %10.1f%% | %30.1f%% | %d / %d | %d / %d / %d / %d / %d%n",
            t, rule, 100.0 * s[0] / shop.size(), 100.0 * s[1] / shop.size(), 100.0 * g[0] / golden.size(),
            100.0 * g[1] / golden.size(), g[2], g[3], s[4], s[5], s[6], s[7], s[8]);
      }
    }
    pipeline.close();
  }

  private static Views views(String text, String gold, MessageAnalyzer analyzer, IntentClassifier classifier,
      NlpPipeline pipeline, NlpPipeline.Models models, NlpPipeline.Options d) {
    MessageAnalyzer.Analysis a = analyzer.analyse(text);
    IntentClassifier.Prediction sparse = classifier.predict(a.features(), null, d.topIntents());
    float[] v = models.embedder().embed(a.normalized());
    IntentClassifier.Prediction full = classifier.predict(a.features(), () -> v, d.topIntents());
    FaqSearchResult hybrid = pipeline.faqIndex().searchNormalized(a.normalized(), a.words(), () -> v, d.topFaqs());
    FaqSearchResult lexical = pipeline.faqIndex().searchNormalized(a.normalized(), a.words(), null, d.topFaqs());
    return new Views(a, sparse, full, hybrid, lexical, gold);
  }

  /**
   * {skipped, same decision as the reference, golden right, golden wrong, then the changed decisions: same intent
   * answered (another FAQ entry or the intent's own reply), another intent answered, answer lost, answer gained,
   * other (e.g. other clarification choices)}.
   */
  private static int[] tally(List<Views> views, double threshold, String rule, BotPolicy policy, FaqCorpus faq) {
    int[] out = new int[9];
    for (Views v : views) {
      Decision ref = policy.decide(result(v, v.full, v.hybrid), DialogueState.EMPTY, 0).decision();
      boolean skip = !v.a.normalized().isEmpty() && v.sparse.confidence() >= threshold;
      boolean fast = skip;
      if (skip && rule.equals("lexical-consistent")) {
        // the embedding is still computed for the FAQ when BM25's best entry is of another intent
        skip = v.lexical.best().flatMap(h -> h.entry().intent()).map(v.sparse.intent()::equals).orElse(false);
      }
      FaqSearchResult skipped = rule.startsWith("lexical") ? v.lexical : withoutScores(v.lexical);
      Decision got = policy.decide(skip ? result(v, v.sparse, skipped)
              : fast ? result(v, v.sparse, v.hybrid) : result(v, v.full, v.hybrid),
          DialogueState.EMPTY, 0).decision();
      out[0] += skip ? 1 : 0;
      out[1] += ref.equals(got) ? 1 : 0;
      if (!ref.equals(got)) {
        String was = answeredIntent(ref, faq);
        String now = answeredIntent(got, faq);
        out[was != null && now != null ? (was.equals(now) ? 4 : 5) : was != null ? 6 : now != null ? 7 : 8]++;
      }
      if (v.gold != null) {
        String intent = answeredIntent(got, faq);
        if (intent != null) {
          out[intent.equals(v.gold) ? 2 : 3]++;
        }
      }
    }
    return out;
  }

  private static FaqSearchResult withoutScores(FaqSearchResult r) {
    return new FaqSearchResult(r.hits().stream()
        .map(h -> new FaqHit(h.entry(), 0, h.bm25(), h.cosine(), h.matched())).toList(), 0);
  }

  private static NlpResult result(Views v, IntentClassifier.Prediction p, FaqSearchResult f) {
    return new NlpResult(v.a.normalized(), v.a.entities(), v.a.signals(), p, f, io.kefu.nlp.CorpusVersion.EMPTY);
  }

  /** The intent an answer serves ("intent:x", "slot:x.y", an FAQ entry of intent x), or null. */
  static String answeredIntent(Decision d, FaqCorpus faq) {
    if (!(d instanceof Decision.Answer a)) {
      return null;
    }
    String src = a.source();
    if (src.startsWith("intent:")) {
      return src.substring(7).split(" ")[0];
    }
    if (src.startsWith("slot:")) {
      return src.substring(5, src.indexOf('.'));
    }
    if (src.startsWith("faq:")) {
      return faq.entry(src.substring(4)).flatMap(e -> e.intent()).orElse("(faq without intent)");
    }
    return null;
  }
}
