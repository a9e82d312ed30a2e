package io.kefu.conversation;

import java.util.Arrays;
import java.util.Map;

/**
 * Satisfaction surveys of a period.
 *
 * @param responses    surveys answered
 * @param average      mean score of the answers, 0 when there is none
 * @param distribution answers per score: {@code distribution[s]} for s = 1..5 (index 0 unused, always 0)
 * @param perAgent     answers and mean score per agent id
 * @param sent         surveys sent to customers
 * @param responseRate share of the sent surveys that were answered (0..1), 0 when none was sent
 */
public record SurveyReport(long responses, double average, long[] distribution, Map<String, AgentScore> perAgent,
                           long sent, double responseRate) {

  public record AgentScore(long responses, double average) {
  }

  public SurveyReport {
    if (distribution.length != 6) {
      throw new IllegalArgumentException("distribution must have 6 slots (index 1..5), got " + distribution.length);
    }
    distribution = distribution.clone();
    perAgent = Map.copyOf(perAgent);
  }

  @Override
  public long[] distribution() {
    return distribution.clone();
  }

  /** Answers with this score (1..5). */
  public long count(int score) {
    if (score < 1 || score > 5) {
      throw new IllegalArgumentException("score must be 1..5, got " + score);
    }
    return distribution[score];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SurveyReport r && responses == r.responses && Double.compare(average, r.average) == 0
        && Arrays.equals(distribution, r.distribution) && perAgent.equals(r.perAgent) && sent == r.sent
        && Double.compare(responseRate, r.responseRate) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(distribution) * 31 + Long.hashCode(responses) + perAgent.hashCode();
  }

  @Override
  public String toString() {
    return "SurveyReport[responses=" + responses + ", average=" + average + ", distribution="
        + Arrays.toString(distribution) + ", perAgent=" + perAgent + ", sent=" + sent + ", responseRate="
        + responseRate + "]";
  }
}
