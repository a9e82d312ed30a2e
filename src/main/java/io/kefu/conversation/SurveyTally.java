package io.kefu.conversation;

import java.util.HashMap;
import java.util.Map;

/** Adds up surveys one by one into a {@link SurveyReport}. Not thread-safe. */
public final class SurveyTally {
  private final long[] distribution = new long[6];
  private final Map<String, long[]> perAgent = new HashMap<>(); // agent → {responses, sum}
  private long sent;
  private long sentAndAnswered;
  private long responses;
  private long sum;

  /**
   * One survey.
   *
   * @param wasSent     the invitation was sent (answers without one count as responses, not in the rate)
   * @param scoreOrNull the answer 1..5, null when unanswered
   * @param agentOrNull the agent the answer rates
   */
  public SurveyTally add(boolean wasSent, Integer scoreOrNull, String agentOrNull) {
    if (scoreOrNull != null && (scoreOrNull < 1 || scoreOrNull > 5)) {
      throw new IllegalArgumentException("score must be 1..5, got " + scoreOrNull);
    }
    if (wasSent) {
      sent++;
    }
    if (scoreOrNull == null) {
      return this;
    }
    if (wasSent) {
      sentAndAnswered++;
    }
    responses++;
    sum += scoreOrNull;
    distribution[scoreOrNull]++;
    if (agentOrNull != null && !agentOrNull.isEmpty()) {
      long[] agent = perAgent.computeIfAbsent(agentOrNull, a -> new long[2]);
      agent[0]++;
      agent[1] += scoreOrNull;
    }
    return this;
  }

  public SurveyReport report() {
    Map<String, SurveyReport.AgentScore> agents = new HashMap<>();
    perAgent.forEach((agent, t) -> agents.put(agent, new SurveyReport.AgentScore(t[0], (double) t[1] / t[0])));
    return new SurveyReport(responses, responses == 0 ? 0 : (double) sum / responses, distribution, agents, sent,
        sent == 0 ? 0 : (double) sentAndAnswered / sent);
  }
}
