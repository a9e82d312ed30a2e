package io.kefu.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.nlp.BgeEmbedder;
import io.kefu.nlp.ChineseSegmenter;
import io.kefu.nlp.TextNormalizer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaqIndexTest {
  private static FaqIndex index;
  private static FaqIndex bm25Only;
  private static BgeEmbedder embedder;

  @BeforeAll
  static void build() throws Exception {
    FaqCorpus kb = new FaqCorpusLoader().load(Path.of("src/test/resources/corpus/kb"), null);
    ChineseSegmenter segmenter = new ChineseSegmenter().load();
    embedder = new BgeEmbedder(64);
    index = FaqIndex.build(kb, FaqIndex.Config.DEFAULT, new TextNormalizer(), segmenter, embedder);
    bm25Only = FaqIndex.build(kb, FaqIndex.Config.DEFAULT, new TextNormalizer(), segmenter, null);
  }

  @AfterAll
  static void close() {
    index.close();
    bm25Only.close();
    embedder.close();
  }

  @ParameterizedTest
  @CsvSource({
      "你们能用微信付钱吗, payment-methods",
      "怎样申请开票, invoice",
      "买东西能分期付吗, installment",
      "西藏可以送货吗, delivery-areas",
      "运费多少钱, shipping-fee",
      "你们发的是什么快递公司, courier-company"})
  void ranksTheRightEntryFirstForParaphrases(String query, String id) {
    FaqSearchResult r = index.search(query, 3);
    assertThat(r.best()).get().extracting(h -> h.entry().id()).isEqualTo(id);
    assertThat(r.margin()).isPositive();
    assertThat(r.hits()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
  }

  @Test
  void bm25AloneFindsLexicalMatches() {
    FaqSearchResult r = bm25Only.search("发票怎么开", 3);
    assertThat(r.best()).get().extracting(h -> h.entry().id()).isEqualTo("invoice");
    assertThat(r.hits().get(0).bm25()).isEqualTo(1.0);
  }

  @Test
  void emptyQueryFindsNothing() {
    assertThat(index.search("   ", 3).hits()).isEmpty();
  }

  @Test
  void segmenterTokenizerFollowsTheTokenStreamContract() throws Exception {
    try (SegmenterAnalyzer analyzer = new SegmenterAnalyzer(new ChineseSegmenter().load());
        var ts = analyzer.tokenStream("words", "我想退货。谢谢")) {
      var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      var offset = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
      ts.reset();
      java.util.List<String> tokens = new java.util.ArrayList<>();
      while (ts.incrementToken()) {
        tokens.add(term.toString() + "@" + offset.startOffset() + "-" + offset.endOffset());
      }
      ts.end();
      assertThat(offset.endOffset()).isEqualTo(7);
      assertThat(tokens).contains("退货@2-4", "谢谢@5-7").noneMatch(t -> t.startsWith("。"));
    }
  }
}
