package io.kefu.nlp.bench;

import io.kefu.nlp.BgeEmbedder;
import io.kefu.nlp.ChineseSegmenter;
import java.util.List;

public class ProbeTiming {
  public static void main(String[] args) {
    System.setProperty("OPT_OUT_TRACKING", "true");
    List<String> s = List.of("那我收到货之后您再给我退200元？", "那你帮我改地址行吗", "第二个和第四个选项有啥区别", "怎么退的呢", "请问这个有收据吗", "我想退货");
    long t0 = System.nanoTime();
    ChineseSegmenter seg = new ChineseSegmenter().load();
    System.out.println("seg load ms " + (System.nanoTime() - t0) / 1e6);
    for (String x : s) System.out.println(seg.segment(x));
    t0 = System.nanoTime();
    BgeEmbedder emb = new BgeEmbedder(64);
    System.out.println("emb load ms " + (System.nanoTime() - t0) / 1e6);
    for (int r = 0; r < 6; r++) {
      t0 = System.nanoTime();
      for (int i = 0; i < 300; i++) seg.segment(s.get(i % s.size()) + i);
      System.out.println("seg per msg ms " + (System.nanoTime() - t0) / 1e6 / 300);
      t0 = System.nanoTime();
      for (int i = 0; i < 300; i++) emb.embed(s.get(i % s.size()) + i);
      System.out.println("emb per msg ms " + (System.nanoTime() - t0) / 1e6 / 300);
    }
    System.gc(); System.out.println("rss MB " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
  }
}
