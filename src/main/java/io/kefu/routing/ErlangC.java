package io.kefu.routing;

/**
 * Erlang C queueing formulas (M/M/N): how likely a chat waits, how many wait less than a target, how many agents
 * (chat slots) a skill needs. Erlang B is computed by its recurrence and converted to Erlang C, so no factorials or
 * powers are formed and large traffic (thousands of Erlangs) stays finite.
 *
 * <p>Units: arrivals per second and seconds; traffic in Erlangs is {@code arrivalsPerSecond * handleSeconds}. A
 * "server" is one chat slot. With no arrivals nobody waits, whatever the number of servers.
 */
public final class ErlangC {

  private ErlangC() {
  }

  /**
   * Probability that an arriving chat has to wait (Erlang C). 1.0 when the queue is unstable
   * ({@code servers <= trafficErlangs}), 0.0 when there is no traffic and at least one server.
   */
  public static double probabilityOfWaiting(double trafficErlangs, int servers) {
    requireNonNegative(trafficErlangs, "trafficErlangs");
    requireNonNegative(servers, "servers");
    if (servers <= trafficErlangs) {
      return 1.0;
    }
    if (trafficErlangs == 0) {
      return 0.0;
    }
    return erlangCFromB(trafficErlangs, servers, erlangB(trafficErlangs, servers));
  }

  /**
   * Share of chats answered within {@code targetSeconds}: {@code 1 - Pw * exp(-(N - A) * t / AHT)}; 0.0 when the
   * queue is unstable, 1.0 when there are no arrivals.
   */
  public static double serviceLevel(double arrivalsPerSecond, double handleSeconds, int servers,
                                    double targetSeconds) {
    requireRates(arrivalsPerSecond, handleSeconds);
    requireNonNegative(servers, "servers");
    requireNonNegative(targetSeconds, "targetSeconds");
    double traffic = arrivalsPerSecond * handleSeconds;
    if (traffic == 0) {
      return 1.0;
    }
    if (servers <= traffic) {
      return 0.0;
    }
    return serviceLevelFromPw(probabilityOfWaiting(traffic, servers), traffic, handleSeconds, servers,
        targetSeconds);
  }

  /**
   * Average speed of answer in seconds ({@code Pw * AHT / (N - A)}); {@link Double#POSITIVE_INFINITY} when the queue
   * is unstable, 0.0 when there are no arrivals.
   */
  public static double averageSpeedOfAnswer(double arrivalsPerSecond, double handleSeconds, int servers) {
    requireRates(arrivalsPerSecond, handleSeconds);
    requireNonNegative(servers, "servers");
    double traffic = arrivalsPerSecond * handleSeconds;
    if (traffic == 0) {
      return 0.0;
    }
    if (servers <= traffic) {
      return Double.POSITIVE_INFINITY;
    }
    return probabilityOfWaiting(traffic, servers) * handleSeconds / (servers - traffic);
  }

  /**
   * Smallest number of servers whose {@link #serviceLevel} reaches {@code serviceLevelGoal} (a fraction in (0, 1));
   * 0 when there are no arrivals.
   */
  public static int requiredServers(double arrivalsPerSecond, double handleSeconds, double targetSeconds,
                                    double serviceLevelGoal) {
    requireRates(arrivalsPerSecond, handleSeconds);
    requireNonNegative(targetSeconds, "targetSeconds");
    if (!(serviceLevelGoal > 0 && serviceLevelGoal < 1)) {
      throw new IllegalArgumentException("serviceLevelGoal must be in (0, 1), got " + serviceLevelGoal);
    }
    double traffic = arrivalsPerSecond * handleSeconds;
    if (traffic == 0) {
      return 0;
    }
    if (traffic >= Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("traffic too large: " + traffic + " Erlangs");
    }
    // Walk N upwards from the first stable value, carrying Erlang B along its recurrence: O(N) overall.
    int servers = (int) Math.floor(traffic) + 1;
    double b = erlangB(traffic, servers);
    while (true) {
      double pw = erlangCFromB(traffic, servers, b);
      if (serviceLevelFromPw(pw, traffic, handleSeconds, servers, targetSeconds) >= serviceLevelGoal) {
        return servers;
      }
      servers++;
      b = traffic * b / (servers + traffic * b);
    }
  }

  /** Erlang B blocking probability by the recurrence B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)). */
  static double erlangB(double traffic, int servers) {
    double b = 1.0;
    for (int n = 1; n <= servers; n++) {
      b = traffic * b / (n + traffic * b);
    }
    return b;
  }

  private static double erlangCFromB(double traffic, int servers, double b) {
    return servers * b / (servers - traffic * (1 - b));
  }

  private static double serviceLevelFromPw(double pw, double traffic, double handleSeconds, int servers,
                                           double targetSeconds) {
    return 1 - pw * Math.exp(-(servers - traffic) * targetSeconds / handleSeconds);
  }

  static void requireRates(double arrivalsPerSecond, double handleSeconds) {
    requireNonNegative(arrivalsPerSecond, "arrivalsPerSecond");
    if (!(handleSeconds > 0) || Double.isInfinite(handleSeconds)) {
      throw new IllegalArgumentException("handleSeconds must be positive and finite, got " + handleSeconds);
    }
  }

  private static void requireNonNegative(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
  }
}
