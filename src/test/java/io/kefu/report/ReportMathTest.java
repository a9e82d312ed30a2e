package io.kefu.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.bot.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMathTest {

  @Test
  void percentilesAreNearestRank() {
    List<Long> frts = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      frts.add(i * 1000);
    }
    java.util.Collections.shuffle(frts, new java.util.Random(7));
    FrtSummary s = FrtSummary.of(frts);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50Ms()).isEqualTo(50_000);
    assertThat(s.p90Ms()).isEqualTo(90_000);
    assertThat(s.p99Ms()).isEqualTo(99_000);
    assertThat(s.maxMs()).isEqualTo(100_000);

    FrtSummary three = FrtSummary.of(List.of(30_000L, 10_000L, 20_000L));
    assertThat(three.p50Ms()).isEqualTo(20_000);
    assertThat(three.p90Ms()).isEqualTo(30_000);
    assertThat(FrtSummary.of(List.of(7L)).p99Ms()).isEqualTo(7);
  }

  @Test
  void noSamplesGiveNulls() {
    FrtSummary s = FrtSummary.of(List.of());
    assertThat(s.count()).isZero();
    assertThat(s.p50Ms()).isNull();
    assertThat(s.maxMs()).isNull();
    assertThat(SlaCount.NONE.attainment()).isNull();
  }

  @Test
  void attainmentIsMetOverTotal() {
    SlaCount sla = new SlaCount(5, 6).plus(new SlaCount(0, 0)).plus(new SlaCount(0, 2));
    assertThat(sla.met()).isEqualTo(5);
    assertThat(sla.total()).isEqualTo(8);
    assertThat(sla.attainment()).isEqualTo(0.625);
    assertThatThrownBy(() -> new SlaCount(3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bucketsAreInclusiveUpperBoundsWithAnOverflowBin() {
    assertThat(FrtBuckets.COUNT).isEqualTo(8);
    assertThat(FrtBuckets.index(Duration.ZERO)).isZero();
    assertThat(FrtBuckets.index(Duration.ofSeconds(30))).isZero();
    assertThat(FrtBuckets.index(Duration.ofMillis(30_001))).isEqualTo(1);
    assertThat(FrtBuckets.index(Duration.ofSeconds(300))).isEqualTo(5);
    assertThat(FrtBuckets.index(Duration.ofSeconds(301))).isEqualTo(6);
    assertThat(FrtBuckets.index(Duration.ofSeconds(600))).isEqualTo(6);
    assertThat(FrtBuckets.index(Duration.ofSeconds(601))).isEqualTo(7);
    assertThat(FrtBuckets.index(Duration.ofHours(5))).isEqualTo(7);
    assertThat(FrtBuckets.index(Duration.ofSeconds(-3))).isZero();
  }

  @Test
  void hourCountsReadFromTheStoredHash() {
    HourCounts h = HourCounts.fromFields(3_600_000L, Map.of("messages", "12", "escalations", "3", "botAnswered", "7",
        "conversations", "5", "handedOver", "2", "frtMet", "2", "frtTotal", "3", "frt0", "1", "frt7", "2",
        "junk", "x"));
    assertThat(h.messages()).isEqualTo(12);
    assertThat(h.sla()).isEqualTo(new SlaCount(2, 3));
    assertThat(h.frtBuckets()).containsExactly(1, 0, 0, 0, 0, 0, 0, 2);
    HourCounts empty = HourCounts.fromFields(0, Map.of("messages", "oops"));
    assertThat(empty.messages()).isZero();
    assertThat(empty.sla().attainment()).isNull();
  }

  @Test
  void containmentIsConversationsNeverHandedOver() {
    HourCounts a = HourCounts.fromFields(0, Map.of("conversations", "10", "handedOver", "3"));
    HourCounts b = HourCounts.fromFields(3_600_000L, Map.of("conversations", "6", "handedOver", "1"));
    Containment c = Containment.of(List.of(a, b));
    assertThat(c.conversations()).isEqualTo(16);
    assertThat(c.contained()).isEqualTo(12);
    assertThat(c.rate()).isEqualTo(0.75);
    assertThat(Containment.of(List.of()).rate()).isNull();
    // hand-overs of conversations counted before counting began never make it negative
    assertThat(Containment.of(List.of(HourCounts.fromFields(0, Map.of("conversations", "1", "handedOver", "4"))))
        .contained()).isZero();
  }

  @Test
  void frtSamplesRoundTrip() {
    FrtSample s = new FrtSample(1_700_000_000_000L, 95_000, true, "wechat:42");
    assertThat(FrtSample.decode(s.encode())).isEqualTo(s);
    assertThatThrownBy(() -> FrtSample.decode("garbage")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void todayStartsAtLocalMidnightAndHoursAreUtcBuckets() {
    // 2026-12-03 01:30 in Shanghai is 2026-12-02 17:30 UTC
    Instant now = Instant.parse("2026-12-02T17:30:00Z");
    ReportWindows w = new ReportWindows(Clock.fixed(now, ZoneOffset.UTC), ZoneId.of("Asia/Shanghai"));
    assertThat(Instant.ofEpochMilli(w.startOfToday())).isEqualTo(Instant.parse("2026-12-02T16:00:00Z"));
    assertThat(w.hoursOfToday()).containsExactly(Instant.parse("2026-12-02T16:00:00Z").toEpochMilli(),
        Instant.parse("2026-12-02T17:00:00Z").toEpochMilli());
    List<Long> last = w.lastHours(24);
    assertThat(last).hasSize(24);
    assertThat(last.get(23)).isEqualTo(Instant.parse("2026-12-02T17:00:00Z").toEpochMilli());
    assertThat(last.get(0)).isEqualTo(Instant.parse("2026-12-01T18:00:00Z").toEpochMilli());
    assertThat(ReportWindows.hourOf(Instant.parse("2026-12-02T17:59:59.999Z").toEpochMilli()))
        .isEqualTo(Instant.parse("2026-12-02T17:00:00Z").toEpochMilli());
  }

  @Test
  void botOutcomesSeparateAnswersFromMisses() {
    assertThat(BotOutcome.of(new Decision.Answer("a", "intent:order_status"))).isEqualTo(BotOutcome.ANSWERED);
    assertThat(BotOutcome.of(new Decision.Answer("a", "faq:ship-when"))).isEqualTo(BotOutcome.ANSWERED);
    assertThat(BotOutcome.of(new Decision.Answer("a", "slot:order_status.order_no"))).isEqualTo(BotOutcome.ANSWERED);
    assertThat(BotOutcome.of(new Decision.Answer("a", "keyword:退货"))).isEqualTo(BotOutcome.ANSWERED);
    assertThat(BotOutcome.of(new Decision.Answer("a", "fallback"))).isEqualTo(BotOutcome.MISSED);
    assertThat(BotOutcome.of(new Decision.Clarify("p", List.of("x")))).isEqualTo(BotOutcome.MISSED);
    assertThat(BotOutcome.of(new Decision.Escalate("missed 2 times", "n"))).isEqualTo(BotOutcome.MISSED);
    assertThat(BotOutcome.of(new Decision.Escalate("human requested", "n"))).isEqualTo(BotOutcome.ESCALATED);
    assertThat(BotOutcome.of(new Decision.Answer("a", "welcome"))).isEqualTo(BotOutcome.OTHER);
    assertThat(BotOutcome.of(new Decision.Silence("unfollow"))).isEqualTo(BotOutcome.OTHER);
  }
}
