package io.kefu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptSearchTest {

  @Test
  void matchesCaseInsensitivelyAfterNfkc() {
    List<TranscriptEntry> transcript = List.of(
        customer("我的订单ＥＸ２０２６没到"),
        customer("你好"),
        agent("订单 ex2026 已催促快递"));
    assertThat(new TranscriptSearch("Ex2026").matches(transcript)).extracting(TranscriptEntry::text)
        .containsExactly("我的订单ＥＸ２０２６没到", "订单 ex2026 已催促快递");
  }

  @Test
  void keepsAtMostFiveMatchesOldestFirst() {
    List<TranscriptEntry> transcript = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      transcript.add(customer("退款 " + i));
    }
    assertThat(new TranscriptSearch("退款").matches(transcript)).extracting(TranscriptEntry::text)
        .containsExactly("退款 0", "退款 1", "退款 2", "退款 3", "退款 4");
  }

  @Test
  void blankQueryIsRejected() {
    assertThatThrownBy(() -> new TranscriptSearch("  ")).hasMessage("query must not be blank");
  }

  static TranscriptEntry customer(String text) {
    return new TranscriptEntry(TranscriptEntry.Author.CUSTOMER, "text", text, "", 1, Map.of());
  }

  static TranscriptEntry agent(String text) {
    return new TranscriptEntry(TranscriptEntry.Author.AGENT, "text", text, "", 2, Map.of());
  }
}
