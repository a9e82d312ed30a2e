package io.kefu.nlp.bench;

import io.kefu.nlp.*;
import io.kefu.ops.eval.Datasets;
import java.nio.file.Path;
import java.util.*;

public class AfqmcErrors {
  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    TextNormalizer tn = new TextNormalizer();
    BgeEmbedder e = new BgeEmbedder(64);
    List<Datasets.Pair> pairs = Datasets.readPairs(Path.of("../shared/datasets/afqmc-dataclue/dev.json"));
    List<String> docs = new ArrayList<>(new LinkedHashSet<>(pairs.stream().map(Datasets.Pair::sentence2).toList()));
    List<float[]> dv = e.embedAll(docs.stream().map(tn::normalize).toList());
    Map<String, Set<String>> posOf = new HashMap<>(), negOf = new HashMap<>();
    for (Datasets.Pair p : pairs) (p.label().equals("1") ? posOf : negOf).computeIfAbsent(p.sentence1(), k -> new HashSet<>()).add(p.sentence2());
    int shown = 0, topIsNeg = 0, fails = 0;
    for (Datasets.Pair p : pairs) {
      if (!p.label().equals("1")) continue;
      float[] q = e.embed(tn.normalize(p.sentence1()));
      int best = 0; double bs = -9;
      for (int j = 0; j < docs.size(); j++) { double s = 0; for (int k = 0; k < 512; k++) s += q[k] * dv.get(j)[k]; if (s > bs) { bs = s; best = j; } }
      if (!docs.get(best).equals(p.sentence2())) {
        fails++;
        if (negOf.getOrDefault(p.sentence1(), Set.of()).contains(docs.get(best))) topIsNeg++;
        if (shown++ < 15) System.out.println("Q: " + p.sentence1() + " | want: " + p.sentence2() + " | got: " + docs.get(best));
      }
    }
    System.out.println("fails " + fails + " top is the query's own labelled negative: " + topIsNeg);
  }
}
