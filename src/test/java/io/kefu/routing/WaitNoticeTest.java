package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitNoticeTest {

  private static WaitEstimate waiting(int position, Duration wait) {
    return new WaitEstimate(position, wait, 0.5);
  }

  @Test
  void queuedNoticeNamesCustomersAheadAndRoundsMinutesUp() {
    assertThat(WaitNotice.queued(waiting(4, Duration.ofSeconds(150))))
        .isEqualTo("已为您转接人工客服，您前面还有 3 位顾客，预计等待约 3 分钟，请稍候。");
    assertThat(WaitNotice.queued(waiting(2, Duration.ofMinutes(4))))
        .isEqualTo("已为您转接人工客服，您前面还有 1 位顾客，预计等待约 4 分钟，请稍候。");
  }

  @Test
  void queuedNoticeForTheNextInLineWithinAMinute() {
    assertThat(WaitNotice.queued(waiting(1, Duration.ofSeconds(45))))
        .isEqualTo("已为您转接人工客服，您是下一位，预计等待 1 分钟以内，请稍候。");
  }

  @Test
  void queuedNoticeWithoutWaitSaysConnectingNow() {
    assertThat(WaitNotice.queued(waiting(1, Duration.ZERO))).isEqualTo("已为您转接人工客服，马上为您接入，请稍候。");
  }

  @Test
  void unknownWaitSaysNoAgentIsOnline() {
    assertThat(WaitNotice.queued(WaitEstimate.unknown(5))).isEqualTo("目前暂无在线客服，我们会尽快安排客服为您服务。");
    assertThat(WaitNotice.position(WaitEstimate.unknown(5)))
        .isEqualTo("您当前排在第 5 位。目前暂无在线客服，我们会尽快安排客服为您服务。");
  }

  @Test
  void positionAnswerGivesPlaceAheadAndWait() {
    assertThat(WaitNotice.position(waiting(4, Duration.ofSeconds(150))))
        .isEqualTo("您当前排在第 4 位，前面还有 3 位顾客，预计还需等待约 3 分钟，请耐心等候。");
    assertThat(WaitNotice.position(waiting(1, Duration.ofSeconds(30))))
        .isEqualTo("您当前排在第 1 位，预计还需等待 1 分钟以内，请耐心等候。");
    assertThat(WaitNotice.position(waiting(1, Duration.ZERO))).isEqualTo("您当前排在第 1 位，客服马上为您接入，请稍候。");
  }

  @Test
  void veryLongWaitsAreNotGivenInMinutes() {
    assertThat(WaitNotice.queued(waiting(90, Duration.ofMinutes(95)))).contains("预计等待 1 小时以上");
    assertThat(WaitNotice.leaveMessageOffer(WaitEstimator.UNBOUNDED)).contains("1 小时以上");
  }

  @Test
  void leaveMessageOfferExplainsHowToLeaveOne() {
    String offer = WaitNotice.leaveMessageOffer(Duration.ofMinutes(12));

    assertThat(offer).contains("预计需要等待约 12 分钟").contains("回复「留言」加上您的问题").contains("优先处理");
    assertThat(WaitNotice.leaveMessageOffer(null)).startsWith("目前暂无在线客服").contains("「留言」");
  }
}
