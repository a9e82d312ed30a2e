package io.kefu.report;

/** First responses within their SLA out of all first responses; {@link #attainment()} is null without any. */
public record SlaCount(long met, long total) {

  public static final SlaCount NONE = new SlaCount(0, 0);

  public SlaCount {
    if (met < 0 || total < 0 || met > total) {
      throw new IllegalArgumentException("need 0 <= met <= total, got " + met + " of " + total);
    }
  }

  public Double attainment() {
    return total == 0 ? null : (double) met / total;
  }

  public SlaCount plus(SlaCount other) {
    return new SlaCount(met + other.met, total + other.total);
  }
}
