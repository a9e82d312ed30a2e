package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.*;
import java.nio.file.Path;
import java.util.*;

/** Tuning on a stratified 80/20 split of CIC train only (dev untouched). */
public class TuneProbe {
  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    List<LabeledText> all = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/train.json"));
    Random r = new Random(7);
    Map<String, List<LabeledText>> by = new TreeMap<>();
    all.forEach(t -> by.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t));
    List<LabeledText> tr = new ArrayList<>(), te = new ArrayList<>();
    by.values().forEach(l -> { List<LabeledText> c = new ArrayList<>(l); Collections.shuffle(c, r); int n = Math.max(1, c.size() / 5); te.addAll(c.subList(0, n)); tr.addAll(c.subList(n, c.size())); });
    boolean words = args.length > 0 && args[0].equals("words");
    Segmenter seg = words ? new ChineseSegmenter().load() : Segmenter.CHARACTERS;
    BgeEmbedder emb = new BgeEmbedder(64);
    IntentEvaluator ev = new IntentEvaluator(new MessageAnalyzer(seg, new Featurizer.Config(3, words, words)), emb, IntentClassifier.Config.DEFAULT);
    ev.score(ev.train(tr.subList(0, 200)), te); // warm cache
    IntentClassifier.Config base = IntentClassifier.Config.DEFAULT.withFastPath(1.0);
    List<Object[]> configs = new ArrayList<>();
    configs.add(new Object[] {"default", base});
    configs.add(new Object[] {"prior0.5", base.withPriorCorrection(0.5)});
    configs.add(new Object[] {"prior1.0", base.withPriorCorrection(1.0)});
    configs.add(new Object[] {"sparse6x0.1", new IntentClassifier.Config(1, new SoftmaxRegression.Options(6, 0.1, 3e-4, 42), base.dense(), 8, 20, 1.0, 0.2, 1.0, true, 0, 42)});
    configs.add(new Object[] {"knn10t0.05", new IntentClassifier.Config(1, base.sparse(), base.dense(), 8, 10, 0.05, 0.2, 1.0, true, 0, 42)});
    configs.add(new Object[] {"dense10", new IntentClassifier.Config(1, base.sparse(), new DenseSoftmax.Options(10, 0.5, 1e-4, 43), 8, 20, 1.0, 0.2, 1.0, true, 0, 42)});
    for (Object[] c : configs) {
      IntentEvaluator e2 = new IntentEvaluator(new MessageAnalyzer(seg, new Featurizer.Config(3, words, words)), emb, (IntentClassifier.Config) c[1]);
      long t0 = System.nanoTime();
      List<Outcome> o = e2.trainTest(tr, te);
      ClassificationReport rep = ClassificationMetrics.compute("x", o, 0.9, 5);
      System.out.printf("%s words=%s acc %.4f macroF1 %.4f p@70 %.4f  (%.1fs)%n", c[0], words, rep.accuracy(), rep.macroF1(), rep.precisionAtCoverage(0.7), (System.nanoTime() - t0) / 1e9);
    }
  }
}
