package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChineseSegmenterTest {
  private static ChineseSegmenter segmenter;

  @BeforeAll
  static void load() {
    segmenter = new ChineseSegmenter();
    assertThat(segmenter.isLoaded()).isFalse();
    segmenter.load();
  }

  @Test
  void isLoadedAfterLoad() {
    assertThat(segmenter.isLoaded()).isTrue();
    assertThat(segmenter.options().model()).isEqualTo(ChineseSegmenter.Model.CTB_SMALL);
  }

  @Test
  void segmentsCustomerServiceSentences() {
    assertThat(segmenter.segment("我想退货")).contains("退货").doesNotContain("我想退货");
    assertThat(segmenter.segment("请问这个有收据吗")).contains("收据", "请问");
    assertThat(segmenter.segment("那你帮我改地址行吗")).contains("地址");
    assertThat(String.join("", segmenter.segment("我的快递到哪里了"))).isEqualTo("我的快递到哪里了");
  }

  @Test
  void emptyInput() {
    assertThat(segmenter.segment("")).isEmpty();
    assertThat(segmenter.segment("   ")).isEmpty();
  }

  @Test
  void tokensCarryOffsets() {
    List<ChineseSegmenter.Token> tokens = segmenter.annotate("我想退货");
    assertThat(tokens).isNotEmpty();
    ChineseSegmenter.Token last = tokens.get(tokens.size() - 1);
    assertThat(last.word()).isEqualTo("退货");
    assertThat(last.begin()).isEqualTo(2);
    assertThat(last.end()).isEqualTo(4);
  }

  @Test
  void concurrentUseGivesSameResults() throws Exception {
    List<String> texts = List.of("我想退货", "快递什么时候到", "帮我改一下收货地址", "怎么申请退款");
    List<List<String>> expected = texts.stream().map(segmenter::segment).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int k = i % texts.size();
        results.add(pool.submit(() -> segmenter.segment(texts.get(k)).equals(expected.get(k))));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void characterSegmenterSplitsEveryCharacter() {
    assertThat(Segmenter.CHARACTERS.segment("退 货")).containsExactly("退", "货");
  }
}
