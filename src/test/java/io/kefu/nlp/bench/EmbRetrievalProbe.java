package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class EmbRetrievalProbe {
  static String eval(List<float[]> q, List<float[]> d, int[] want) {
    int h1 = 0, h5 = 0; double mrr = 0;
    for (int i = 0; i < q.size(); i++) {
      float[] qq = q.get(i); double ws = dot(qq, d.get(want[i])); int rank = 1;
      for (int j = 0; j < d.size(); j++) if (j != want[i] && dot(qq, d.get(j)) > ws) rank++;
      if (rank == 1) h1++; if (rank <= 5) h5++; if (rank <= 10) mrr += 1.0 / rank;
    }
    return String.format("hit1 %.4f hit5 %.4f mrr %.4f", h1 / (double) q.size(), h5 / (double) q.size(), mrr / q.size());
  }
  static double dot(float[] a, float[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
  static List<float[]> center(List<float[]> xs, float[] mu) { List<float[]> o = new ArrayList<>(); for (float[] x : xs) { float[] y = x.clone(); for (int i = 0; i < y.length; i++) y[i] -= mu[i]; double n = Math.sqrt(dot(y, y)); for (int i = 0; i < y.length; i++) y[i] /= n; o.add(y); } return o; }
  static List<float[]> concat(List<float[]> a, List<float[]> b, float wb) { List<float[]> o = new ArrayList<>(); for (int i = 0; i < a.size(); i++) { float[] x = new float[a.get(i).length * 2]; for (int k = 0; k < a.get(i).length; k++) { x[k] = a.get(i)[k]; x[k + a.get(i).length] = wb * b.get(i)[k]; } o.add(x); } return o; }

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    TextNormalizer tn = new TextNormalizer();
    for (String split : new String[] {"dev", "train"}) {
      List<Datasets.Pair> pairs = Datasets.readPairs(Path.of("../shared/datasets/afqmc-dataclue/" + split + ".json"));
      Map<String, Integer> docIds = new LinkedHashMap<>();
      for (Datasets.Pair p : pairs) docIds.putIfAbsent(p.sentence2(), docIds.size());
      List<String> docs = docIds.keySet().stream().map(tn::normalize).toList();
      List<Datasets.Pair> pos = pairs.stream().filter(p -> p.label().equals("1")).toList();
      List<String> qs = pos.stream().map(p -> tn.normalize(p.sentence1())).toList();
      int[] want = pos.stream().mapToInt(p -> docIds.get(p.sentence2())).toArray();
      for (BgeEmbedder.Pooling pool : BgeEmbedder.Pooling.values()) {
        BgeEmbedder e = new BgeEmbedder(64, pool);
        List<float[]> dv = e.embedAll(docs), qv = e.embedAll(qs);
        System.out.println(split + " " + pool + " plain " + eval(qv, dv, want));
        float[] mu = new float[512]; for (float[] x : dv) for (int i = 0; i < 512; i++) mu[i] += x[i] / dv.size();
        System.out.println(split + " " + pool + " centered " + eval(center(qv, mu), center(dv, mu), want));
        if (pool == BgeEmbedder.Pooling.CLS) {
          List<float[]> qi = e.embedAll(qs.stream().map(q -> "为这个句子生成表示以用于检索相关文章：" + q).toList());
          System.out.println(split + " CLS instruction " + eval(qi, dv, want));
        }
      }
      BgeEmbedder c = new BgeEmbedder(64, BgeEmbedder.Pooling.CLS), m = new BgeEmbedder(64, BgeEmbedder.Pooling.MEAN);
      System.out.println(split + " cls+mean " + eval(concat(c.embedAll(qs), m.embedAll(qs), 1f), concat(c.embedAll(docs), m.embedAll(docs), 1f), want));
    }
  }
}
