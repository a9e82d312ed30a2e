package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class CompProbe {
  public static void main(String[] args) {
    List<LabeledText> train = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/train.json"));
    List<LabeledText> dev = Datasets.readLabeled(Path.of("../shared/datasets/cic-dataclue/dev.json"));
    Map<String,Integer> li = new TreeMap<>(); train.forEach(t -> li.putIfAbsent(t.label(), 0)); int q=0; for (String k: li.keySet()) li.put(k, q++);
    int C = li.size(); System.out.println("classes " + C);
    int[] ytr = train.stream().mapToInt(t -> li.get(t.label())).toArray();
    int[] ydev = dev.stream().mapToInt(t -> li.getOrDefault(t.label(), -1)).toArray();
    MessageAnalyzer an = new MessageAnalyzer(Segmenter.CHARACTERS, new Featurizer.Config(3, false, false));
    List<MessageAnalyzer.Analysis> trA = train.stream().map(t -> an.analyse(t.text())).toList();
    List<MessageAnalyzer.Analysis> devA = dev.stream().map(t -> an.analyse(t.text())).toList();
    FeatureSpace fs = FeatureSpace.build(trA.stream().map(MessageAnalyzer.Analysis::features).toList(), 1);
    System.out.println("dim " + fs.dimension());
    List<SparseVector> xtr = trA.stream().map(a -> fs.vector(a.features())).toList();
    List<SparseVector> xdev = devA.stream().map(a -> fs.vector(a.features())).toList();
    for (double[] o : new double[][] {}) { double lr=o[0]; int ep=(int)o[1];
      long t0 = System.nanoTime();
      SoftmaxRegression m = SoftmaxRegression.train(xtr, ytr, C, fs.dimension(), new SoftmaxRegression.Options(ep, lr, o[2], 1));
      double t = (System.nanoTime() - t0) / 1e9;
      int r = 0; for (int i = 0; i < dev.size(); i++) { double[] p = m.probabilities(xdev.get(i)); int a = 0; for (int c = 1; c < C; c++) if (p[c] > p[a]) a = c; if (a == ydev[i]) r++; }
      int rt = 0; for (int i = 0; i < 2000; i++) { double[] p = m.probabilities(xtr.get(i)); int a = 0; for (int c = 1; c < C; c++) if (p[c] > p[a]) a = c; if (a == ytr[i]) rt++; }
      System.out.printf("sparse l2 "+o[2]+" lr %.2f ep %d acc %.4f trainacc %.4f time %.1f%n", lr, ep, r / 2000.0, rt/2000.0, t);
    }
    BgeEmbedder emb = new BgeEmbedder(64);
    List<float[]> trE = emb.embedAll(trA.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    List<float[]> devE = emb.embedAll(devA.stream().map(MessageAnalyzer.Analysis::normalized).toList());
    int[] all = new int[C]; for (int c=0;c<C;c++) all[c]=c;
    for (int k : new int[] {}) for (double tau : new double[] {0.1, 1}) {
      NearestNeighbours nn = new NearestNeighbours(trE, ytr, C, k, tau);
      long t0 = System.nanoTime();
      int r = 0; for (int i = 0; i < dev.size(); i++) { double[] p = nn.distribution(devE.get(i), all, 1e-3); int a = 0; for (int c = 1; c < C; c++) if (p[c] > p[a]) a = c; if (a == ydev[i]) r++; }
      System.out.printf("knn k %d tau %.2f acc %.4f ms/q %.3f%n", k, tau, r / 2000.0, (System.nanoTime() - t0) / 1e6 / 2000);
    }
    for (double lr : new double[] {4, 16}) for (int ep : new int[] {4, 8}) {
      long t0 = System.nanoTime();
      DenseSoftmax m = DenseSoftmax.train(trE, ytr, C, new DenseSoftmax.Options(ep, lr, 1e-4, 1));
      double t = (System.nanoTime() - t0) / 1e9;
      int r = 0; for (int i = 0; i < dev.size(); i++) { double[] p = m.probabilities(devE.get(i)); int a = 0; for (int c = 1; c < C; c++) if (p[c] > p[a]) a = c; if (a == ydev[i]) r++; }
      System.out.printf("dense lr %.2f ep %d acc %.4f time %.1f%n", lr, ep, r / 2000.0, t);
    }
  }
}
