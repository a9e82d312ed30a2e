package io.kefu.report;

/**
 * One first response as kept in Redis: when it was written, how long after the escalation, whether within the SLA.
 * Encoded as the sorted-set member {@code at:frtMs:met:conversationId} (unique per conversation and response).
 */
public record FrtSample(long atMs, long frtMs, boolean met, String conversationId) {

  public String encode() {
    return atMs + ":" + frtMs + ":" + (met ? 1 : 0) + ":" + conversationId;
  }

  /** @throws IllegalArgumentException for a member not written by {@link #encode()} */
  public static FrtSample decode(String member) {
    String[] parts = member.split(":", 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an FRT sample: " + member);
    }
    try {
      return new FrtSample(Long.parseLong(parts[0]), Long.parseLong(parts[1]), "1".equals(parts[2]), parts[3]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an FRT sample: " + member);
    }
  }
}
