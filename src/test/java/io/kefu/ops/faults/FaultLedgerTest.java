package io.kefu.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultLedgerTest {
  private static FaultLedger.Message msg(String user, long id, boolean escalation) {
    return new FaultLedger.Message(user, id, "text-" + user + "-" + id, escalation);
  }

  @Test
  void findsLostDuplicatedAndDoubleAnsweredMessages() {
    FaultLedger ledger = new FaultLedger();
    ledger.acknowledged(msg("a", 1, false), true);
    ledger.acknowledged(msg("a", 2, false), false);
    ledger.acknowledged(msg("b", 3, false), true);
    ledger.acknowledged(msg("c", 4, false), false);
    FaultLedger.Verdict v = ledger.verdict(
        Map.of("a", List.of("text-a-1", "text-a-2", "text-a-2"), "b", List.of(), "c", List.of("text-c-4")),
        Map.of("a", 1, "b", 1), Map.of());
    assertThat(v.lost()).singleElement().asString().contains("msgId 3");
    assertThat(v.duplicated()).singleElement().asString().contains("msgId 2 x2");
    assertThat(v.extraReplies()).containsEntry("b", 1).hasSize(1);
    assertThat(v.unanswered()).isEqualTo(1);
    assertThat(v.unansweredUsers()).singleElement().asString().startsWith("c ");
    assertThat(v.clean()).isFalse();
  }

  @Test
  void aPushGivenUpOnMayStillHaveBeenAnsweredOnceAndEscalatingUsersAreNotCountedForReplies() {
    FaultLedger ledger = new FaultLedger();
    ledger.acknowledged(msg("a", 1, false), true);
    ledger.gaveUp(msg("a", 2, false));
    ledger.acknowledged(msg("e", 3, true), true);
    ledger.acknowledged(msg("e", 4, false), false);
    ledger.gaveUp(msg("g", 5, true));               // escalation given up on, yet maybe processed by Kefu
    ledger.acknowledged(msg("g", 6, false), false);  // then with humans: no bot reply
    FaultLedger.Verdict v = ledger.verdict(Map.of("a", List.of("text-a-1"), "e", List.of("text-e-3", "text-e-4"),
        "g", List.of("text-g-6")), Map.of("a", 1, "e", 5), Map.of());
    assertThat(v.extraReplies()).isEmpty();
    assertThat(v.unanswered()).isZero();
    assertThat(v.clean()).isTrue();
    assertThat(v.givenUp()).isEqualTo(2);
  }

  @Test
  void escalationsMustKeepTheirDeadlineAndBeAssigned() {
    FaultLedger ledger = new FaultLedger();
    ledger.escalated(new FaultLedger.Escalation("u1", "10", 1_000));
    ledger.escalated(new FaultLedger.Escalation("u2", "11", 2_000));
    ledger.escalated(new FaultLedger.Escalation("u3", "12", 3_000));
    ledger.escalated(new FaultLedger.Escalation("u1", "10", 9_999));   // a later reading does not replace the first
    FaultLedger.Verdict v = ledger.verdict(Map.of(), Map.of(), Map.of(
        "10", new FaultLedger.EscalationNow("ASSIGNED", 1_000, 5),
        "11", new FaultLedger.EscalationNow("ASSIGNED", 2_500, 5),
        "12", new FaultLedger.EscalationNow("QUEUED", 3_000, 0)));
    assertThat(v.deadlineChanged()).singleElement().asString().contains("2000 -> 2500");
    assertThat(v.notAssigned()).singleElement().asString().contains("QUEUED");
    assertThat(v.escalations()).isEqualTo(3);
  }

  @Test
  void timelineFindsOutagesAndRecoveryAfterMarks() {
    AttemptTimeline t = new AttemptTimeline();
    t.record(100, true, "200");
    t.record(200, false, "503");
    t.record(300, false, "503");
    t.record(450, true, "200");
    t.record(500, false, "timeout");
    assertThat(t.outages()).hasSize(2);
    assertThat(t.outages().get(0).millis()).isEqualTo(250);
    assertThat(t.outages().get(0).results()).containsEntry("503", 2);
    assertThat(t.recoveries(Map.of(250L, "redis started", 460L, "late"))).extracting(AttemptTimeline.Recovery::millis)
        .containsExactly(200L, -1L);
  }
}
