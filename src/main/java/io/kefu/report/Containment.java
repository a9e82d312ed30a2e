package io.kefu.report;

/**
 * Bot containment: of the conversations that started in a period, those never handed to a human.
 * {@link #rate()} is null when no conversation started.
 */
public record Containment(long conversations, long contained) {

  public static Containment of(Iterable<HourCounts> hours) {
    long conversations = 0;
    long handedOver = 0;
    for (HourCounts h : hours) {
      conversations += h.conversations();
      handedOver += h.handedOver();
    }
    // a conversation counted before this version of Kefu may be handed over without having been counted
    return new Containment(conversations, Math.max(0, conversations - handedOver));
  }

  public Double rate() {
    return conversations == 0 ? null : (double) contained / conversations;
  }
}
