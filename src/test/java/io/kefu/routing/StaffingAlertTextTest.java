package io.kefu.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaffingAlertTextTest {

  @Test
  void shortageNamesColourCountsAndGap() {
    StaffingStatus status = new StaffingStatus("售后", 12, 8, 4 / 12.0, StaffingLevel.ORANGE);

    assertThat(StaffingAlertText.format(status)).isEqualTo("【人手预警·橙色】技能组 售后：需要 12 名客服，当前在线 8 名（缺口 33%）。");
  }

  @Test
  void displayNameReplacesTheSkillId() {
    StaffingStatus status = new StaffingStatus("after_sales", 10, 5, 0.5, StaffingLevel.RED);

    assertThat(StaffingAlertText.format(status, "售后"))
        .isEqualTo("【人手预警·红色】技能组 售后：需要 10 名客服，当前在线 5 名（缺口 50%）。");
    assertThat(StaffingAlertText.format(new StaffingStatus("sales", 10, 8, 0.2, StaffingLevel.YELLOW)))
        .startsWith("【人手预警·黄色】技能组 sales：");
  }

  @Test
  void recoveryIsAnnouncedInGreen() {
    StaffingStatus status = new StaffingStatus("售后", 12, 12, 0, StaffingLevel.GREEN);

    assertThat(StaffingAlertText.format(status)).isEqualTo("【人手恢复·绿色】技能组 售后：需要 12 名客服，当前在线 12 名，人手已恢复正常。");
  }
}
