package io.kefu.ops.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every delivery attempt of the fault driver with its time and result, to find the outages as the WeChat side
 * saw them (periods in which attempts failed and none was acknowledged) and how long after a fault script's
 * mark ("redis started", "node restarted") pushes were acknowledged again. Plain Java, thread-safe.
 */
public final class AttemptTimeline {

  /** One attempt: when it ended (epoch ms) and whether Kefu acknowledged it with HTTP 200. */
  public record Attempt(long at, boolean acknowledged, String result) {
  }

  /** A period from the first failed attempt after an acknowledged one to the next acknowledged one. */
  public record Outage(long from, long to, int failedAttempts, Map<String, Integer> results) {
    public long millis() {
      return to - from;
    }
  }

  /** A mark a fault script wrote, and the first acknowledgment at or after it (-1 when none came). */
  public record Recovery(long at, String label, long firstAcknowledgedAt) {
    public long millis() {
      return firstAcknowledgedAt < 0 ? -1 : firstAcknowledgedAt - at;
    }
  }

  private final List<Attempt> attempts = new ArrayList<>();

  public synchronized void record(long at, boolean acknowledged, String result) {
    attempts.add(new Attempt(at, acknowledged, result));
  }

  public synchronized int size() {
    return attempts.size();
  }

  /** Outages in time order; one still going at the end has {@code to} = the last attempt. */
  public synchronized List<Outage> outages() {
    List<Attempt> sorted = new ArrayList<>(attempts);
    sorted.sort((a, b) -> Long.compare(a.at(), b.at()));
    List<Outage> outages = new ArrayList<>();
    long from = -1;
    int failed = 0;
    Map<String, Integer> results = new TreeMap<>();
    for (Attempt a : sorted) {
      if (a.acknowledged()) {
        if (from >= 0) {
          outages.add(new Outage(from, a.at(), failed, results));
          from = -1;
          failed = 0;
          results = new TreeMap<>();
        }
      } else {
        if (from < 0) {
          from = a.at();
        }
        failed++;
        results.merge(a.result(), 1, Integer::sum);
      }
    }
    if (from >= 0) {
      outages.add(new Outage(from, sorted.get(sorted.size() - 1).at(), failed, results));
    }
    return outages;
  }

  /** For each mark (epoch ms → label), how long until the first attempt acknowledged at or after it. */
  public synchronized List<Recovery> recoveries(Map<Long, String> marks) {
    List<Recovery> recoveries = new ArrayList<>();
    for (Map.Entry<Long, String> mark : new TreeMap<>(marks).entrySet()) {
      long first = attempts.stream().filter(a -> a.acknowledged() && a.at() >= mark.getKey())
          .mapToLong(Attempt::at).min().orElse(-1);
      recoveries.add(new Recovery(mark.getKey(), mark.getValue(), first));
    }
    return recoveries;
  }
}
