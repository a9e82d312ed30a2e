package io.kefu.routing;

/**
 * Staffing shortfalls (missing agents / required agents) above which a skill turns yellow, orange and red.
 */
public record StaffingThresholds(double yellow, double orange, double red) {

  public static final StaffingThresholds DEFAULT = new StaffingThresholds(0.15, 0.25, 0.40);

  public StaffingThresholds {
    if (!(0 < yellow && yellow < orange && orange < red && red < 1)) {
      throw new IllegalArgumentException(
          "staffing thresholds must satisfy 0 < yellow < orange < red < 1, got " + yellow + ", " + orange + ", " + red);
    }
  }

  /** The level of a shortfall; a shortfall exactly at a threshold stays at the level below it. */
  public StaffingLevel levelOf(double shortfall) {
    if (!(shortfall >= 0 && shortfall <= 1)) {
      throw new IllegalArgumentException("shortfall must be in [0, 1], got " + shortfall);
    }
    if (shortfall > red) {
      return StaffingLevel.RED;
    }
    if (shortfall > orange) {
      return StaffingLevel.ORANGE;
    }
    return shortfall > yellow ? StaffingLevel.YELLOW : StaffingLevel.GREEN;
  }
}
