package io.kefu.nlp.bench;

import io.kefu.kb.*;
import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class Breakdown {
  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    List<String> msgs = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/dev.json")).stream().map(LabeledText::text).toList();
    NlpPipeline.Models models = NlpPipeline.Models.load();
    IntentCorpus ic = new IntentCorpusLoader(new IntentCorpusLoader.Limits(1, 1, 3)).load(Path.of("src/test/resources/corpus/intents"));
    FaqCorpus kb = new FaqCorpusLoader().load(Path.of("src/test/resources/corpus/kb"), null);
    NlpPipeline p = NlpPipeline.build(ic, kb, models, NlpPipeline.Options.DEFAULT);
    MessageAnalyzer an = new MessageAnalyzer(models.segmenter(), Featurizer.Config.DEFAULT);
    TextNormalizer tn = new TextNormalizer();
    for (int round = 0; round < 4; round++) {
      long tNorm = 0, tSeg = 0, tEmb = 0, tCls = 0, tFaq = 0;
      for (String m : msgs) {
        String x = m + round;
        long a = System.nanoTime();
        String n = tn.normalize(x);
        long b = System.nanoTime();
        MessageAnalyzer.Analysis an1 = an.analyseNormalized(n, 0);
        long c = System.nanoTime();
        float[] e = models.embedder().embed(n);
        long d = System.nanoTime();
        p.classifier().predict(an1.features(), () -> e, 3);
        long f = System.nanoTime();
        p.faqIndex().searchNormalized(n, an1.words(), () -> e, 3);
        long g = System.nanoTime();
        tNorm += b - a; tSeg += c - b; tEmb += d - c; tCls += f - d; tFaq += g - f;
      }
      int k = msgs.size();
      System.out.printf("round %d ms/msg: normalize %.3f analyse(seg) %.3f embed %.3f classify %.3f faq %.3f%n", round, tNorm / 1e6 / k, tSeg / 1e6 / k, tEmb / 1e6 / k, tCls / 1e6 / k, tFaq / 1e6 / k);
    }
  }
}
