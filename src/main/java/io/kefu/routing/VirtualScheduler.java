package io.kefu.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A scheduler on virtual time for tests and the load simulator: nothing runs until time is advanced, then due tasks
 * run in time order on the caller's thread (ties in scheduling order), with {@link #now()} set to each task's
 * instant. Tasks scheduled by running tasks also run if they fall due before the advance ends; a task scheduled in
 * the past runs on the next advance (including {@code advanceBy(Duration.ZERO)}). Not thread-safe: drive it from one
 * thread.
 */
public final class VirtualScheduler implements Scheduler {

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final VirtualClock clock = new VirtualClock(ZoneOffset.UTC);
  private Instant now;
  private long sequence;
  private int pending;

  public VirtualScheduler(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return now;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    Task scheduled = new Task(Objects.requireNonNull(at, "at"), sequence++, Objects.requireNonNull(task, "task"));
    queue.add(scheduled);
    pending++;
    return scheduled;
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public int pending() {
    return pending;
  }

  public void advanceBy(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) {
      throw new IllegalArgumentException("cannot move virtual time backwards by " + d);
    }
    advanceTo(now.plus(d));
  }

  /** Moves time to {@code t}, running every task due by then. */
  public void advanceTo(Instant t) {
    Objects.requireNonNull(t, "t");
    if (t.isBefore(now)) {
      throw new IllegalArgumentException("cannot move virtual time back from " + now + " to " + t);
    }
    while (!queue.isEmpty() && !queue.peek().at.isAfter(t)) {
      Task task = queue.poll();
      if (task.cancelled) {
        continue;
      }
      task.done = true;
      pending--;
      if (task.at.isAfter(now)) {
        now = task.at;
      }
      task.action.run();
    }
    now = t;
  }

  private final class Task implements Cancellable, Comparable<Task> {
    final Instant at;
    final long seq;
    final Runnable action;
    boolean cancelled;
    boolean done;

    Task(Instant at, long seq, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public void cancel() {
      if (!cancelled && !done) {
        cancelled = true;
        pending--;
      }
    }

    @Override
    public int compareTo(Task o) {
      int byTime = at.compareTo(o.at);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return zone.equals(this.zone) ? this : new VirtualClock(zone);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
