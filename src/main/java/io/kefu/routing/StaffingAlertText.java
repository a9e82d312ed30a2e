package io.kefu.routing;

import java.util.Objects;

/** Short Chinese staffing messages for the WeCom group robot. */
public final class StaffingAlertText {

  private StaffingAlertText() {
  }

  /** E.g. "【人手预警·橙色】技能组 售后：需要 12 名客服，当前在线 8 名（缺口 33%）。" */
  public static String format(StaffingStatus status) {
    Objects.requireNonNull(status, "status");
    return format(status, status.skill());
  }

  /** As {@link #format(StaffingStatus)}, naming the skill by its display name. */
  public static String format(StaffingStatus status, String skillName) {
    Objects.requireNonNull(status, "status");
    String name = skillName == null || skillName.isBlank() ? status.skill() : skillName;
    String counts = "需要 " + status.requiredAgents() + " 名客服，当前在线 " + status.onlineAgents() + " 名";
    if (status.level() == StaffingLevel.GREEN) {
      return "【人手恢复·绿色】技能组 " + name + "：" + counts + "，人手已恢复正常。";
    }
    long percent = Math.round(status.shortfall() * 100);
    return "【人手预警·" + colour(status.level()) + "】技能组 " + name + "：" + counts + "（缺口 " + percent + "%）。";
  }

  private static String colour(StaffingLevel level) {
    return switch (level) {
      case GREEN -> "绿色";
      case YELLOW -> "黄色";
      case ORANGE -> "橙色";
      case RED -> "红色";
    };
  }
}
