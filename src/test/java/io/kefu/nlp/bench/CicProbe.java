package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class CicProbe {
  public static void main(String[] args) {
    System.setProperty("OPT_OUT_TRACKING", "true");
    List<LabeledText> train = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/train.json"));
    List<LabeledText> dev = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/dev.json"));
    boolean words = args.length > 0 && args[0].equals("words");
    long t0 = System.nanoTime();
    Segmenter seg = words ? new ChineseSegmenter().load() : Segmenter.CHARACTERS;
    MessageAnalyzer an = new MessageAnalyzer(seg, new Featurizer.Config(3, words, words));
    BgeEmbedder emb = new BgeEmbedder(64);
    List<MessageAnalyzer.Analysis> trA = train.stream().map(t -> an.analyse(t.text())).toList();
    List<MessageAnalyzer.Analysis> devA = dev.stream().map(t -> an.analyse(t.text())).toList();
    System.out.println("analysed " + (System.nanoTime() - t0) / 1e9);
    List<float[]> trE = emb.embedAll(trA.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    List<float[]> devE = emb.embedAll(devA.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    System.out.println("embedded " + (System.nanoTime() - t0) / 1e9);
    List<IntentClassifier.Sample> samples = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) samples.add(new IntentClassifier.Sample(train.get(i).label(), trA.get(i).features(), trE.get(i)));
    for (double fast : new double[] {0.97}) {
      t0 = System.nanoTime();
      IntentClassifier c = IntentClassifier.train(samples, IntentClassifier.Config.DEFAULT.withFastPath(fast));
      System.out.println("trained " + (System.nanoTime() - t0) / 1e9 + " weights " + c.weights() + " platt " + c.ensemblePlatt());
      int right = 0, usedEmb = 0;
      double[] conf = new double[dev.size()]; boolean[] ok = new boolean[dev.size()];
      for (int i = 0; i < dev.size(); i++) {
        int k = i;
        IntentClassifier.Prediction p = c.predict(devA.get(i).features(), () -> devE.get(k), 3);
        ok[i] = p.intent().equals(dev.get(i).label()); conf[i] = p.confidence();
        if (ok[i]) right++;
        if (p.usedEmbedding()) usedEmb++;
      }
      System.out.printf("fast=%.2f acc %.4f usedEmb %d%n", fast, right / (double) dev.size(), usedEmb);
      Integer[] ord = new Integer[dev.size()];
      for (int i = 0; i < ord.length; i++) ord[i] = i;
      Arrays.sort(ord, (a, b) -> Double.compare(conf[b], conf[a]));
      int cum = 0;
      for (int i = 0; i < ord.length; i++) { if (ok[ord[i]]) cum++; int n = i + 1; if (n % 200 == 0) System.out.printf("  cov %.2f prec %.4f thr %.3f%n", n / (double) ord.length, cum / (double) n, conf[ord[i]]); }
    }
  }
}
