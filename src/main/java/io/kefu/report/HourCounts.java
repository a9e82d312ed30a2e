package io.kefu.report;

import java.util.Arrays;
import java.util.Map;

/**
 * The counters of one hour as kept in Redis (hash {@code kefu:stats:hour:{hourStartMs}}), shared by all nodes.
 *
 * @param messages      customer messages received
 * @param escalations   conversations queued for humans
 * @param botAnswered   customer turns the bot answered itself (intent, FAQ, slot question, keyword)
 * @param conversations conversations whose first customer message came in this hour
 * @param handedOver    of those conversations, the ones later handed to a human (counted once each)
 * @param frtBuckets    first responses per {@link FrtBuckets} bin
 */
public record HourCounts(long hourStartMs, long messages, long escalations, long botAnswered, long conversations,
                         long handedOver, SlaCount sla, long[] frtBuckets) {

  public static final String MESSAGES = "messages";
  public static final String ESCALATIONS = "escalations";
  public static final String BOT_ANSWERED = "botAnswered";
  public static final String CONVERSATIONS = "conversations";
  public static final String HANDED_OVER = "handedOver";
  public static final String FRT_MET = "frtMet";
  public static final String FRT_TOTAL = "frtTotal";

  public HourCounts {
    if (frtBuckets.length != FrtBuckets.COUNT) {
      throw new IllegalArgumentException("need " + FrtBuckets.COUNT + " FRT bins, got " + frtBuckets.length);
    }
    frtBuckets = frtBuckets.clone();
  }

  /** The hash field of an FRT bin. */
  public static String frtField(int bin) {
    return "frt" + bin;
  }

  /** Reads a hash as stored; missing or malformed fields count 0. */
  public static HourCounts fromFields(long hourStartMs, Map<String, String> fields) {
    long[] bins = new long[FrtBuckets.COUNT];
    for (int i = 0; i < bins.length; i++) {
      bins[i] = number(fields, frtField(i));
    }
    long total = number(fields, FRT_TOTAL);
    long met = Math.min(total, number(fields, FRT_MET));
    return new HourCounts(hourStartMs, number(fields, MESSAGES), number(fields, ESCALATIONS),
        number(fields, BOT_ANSWERED), number(fields, CONVERSATIONS), number(fields, HANDED_OVER),
        new SlaCount(met, total), bins);
  }

  @Override
  public long[] frtBuckets() {
    return frtBuckets.clone();
  }

  private static long number(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HourCounts h && h.hourStartMs == hourStartMs && h.messages == messages
        && h.escalations == escalations && h.botAnswered == botAnswered && h.conversations == conversations
        && h.handedOver == handedOver && h.sla.equals(sla) && Arrays.equals(h.frtBuckets, frtBuckets);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hourStartMs) * 31 + Arrays.hashCode(frtBuckets);
  }
}
