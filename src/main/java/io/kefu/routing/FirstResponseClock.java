package io.kefu.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Times each escalated chat's first agent response: raises the SLA warnings and the breach through the
 * {@link Scheduler} until {@link #stop} records the response.
 *
 * <p>Checkpoints already passed when a clock starts are not replayed one by one: only the most recent of them fires
 * (once, as soon as the scheduler runs it), so a node adopting a conversation late still raises its current state.
 * A breached clock keeps running until stopped or cancelled, so the late first response is still measured.
 * Thread-safe; the listener is called outside the lock, on the scheduler's thread.
 */
public final class FirstResponseClock {

  private final Scheduler scheduler;
  private final Clock clock;
  private final List<Double> warnFractions;
  private final SlaListener listener;
  private final Map<String, Run> runs = new HashMap<>();

  public FirstResponseClock(Scheduler scheduler, Clock clock, List<Double> warnFractions, SlaListener listener) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.warnFractions = SlaCheckpoints.validFractions(warnFractions);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Starts (or restarts, replacing its timers) the clock of a conversation. */
  public void start(String conversationId, Instant escalatedAt, Instant deadline) {
    requireId(conversationId);
    List<SlaCheckpoints.Checkpoint> checkpoints = SlaCheckpoints.of(escalatedAt, deadline, warnFractions);
    Instant now = clock.instant();
    synchronized (this) {
      Run previous = runs.remove(conversationId);
      if (previous != null) {
        previous.cancelTimers();
      }
      Run run = new Run(escalatedAt);
      runs.put(conversationId, run);
      SlaCheckpoints.Checkpoint latestPassed = null;
      for (SlaCheckpoints.Checkpoint checkpoint : checkpoints) {
        if (checkpoint.at().isAfter(now)) {
          run.timers.add(scheduler.schedule(checkpoint.at(), () -> fire(conversationId, run, checkpoint)));
        } else {
          latestPassed = checkpoint;
        }
      }
      if (latestPassed != null) {
        SlaCheckpoints.Checkpoint passed = latestPassed;
        run.timers.add(scheduler.schedule(now, () -> fire(conversationId, run, passed)));
      }
    }
  }

  /**
   * Records the first agent response: cancels the timers and returns the first-response time, or empty when no
   * clock runs for the conversation.
   */
  public synchronized Optional<Duration> stop(String conversationId, Instant firstResponseAt) {
    requireId(conversationId);
    Objects.requireNonNull(firstResponseAt, "firstResponseAt");
    Run run = runs.get(conversationId);
    if (run == null) {
      return Optional.empty();
    }
    if (firstResponseAt.isBefore(run.escalatedAt)) {
      throw new IllegalArgumentException("first response of " + conversationId + " at " + firstResponseAt
          + " is before its escalation at " + run.escalatedAt);
    }
    runs.remove(conversationId);
    run.cancelTimers();
    return Optional.of(Duration.between(run.escalatedAt, firstResponseAt));
  }

  /** Drops a conversation's clock without measuring (closed, or handed to another node). */
  public synchronized void cancel(String conversationId) {
    requireId(conversationId);
    Run run = runs.remove(conversationId);
    if (run != null) {
      run.cancelTimers();
    }
  }

  /** True while the conversation's clock runs on this instance. */
  public synchronized boolean isRunning(String conversationId) {
    return runs.containsKey(conversationId);
  }

  /** Conversations whose clock is running (started, not yet stopped or cancelled). */
  public synchronized int running() {
    return runs.size();
  }

  private void fire(String conversationId, Run run, SlaCheckpoints.Checkpoint checkpoint) {
    synchronized (this) {
      // A timer that was already on its way when its clock was stopped or restarted must stay silent.
      if (runs.get(conversationId) != run) {
        return;
      }
    }
    if (checkpoint.breach()) {
      listener.onBreach(conversationId, checkpoint.at());
    } else {
      listener.onWarning(conversationId, checkpoint.fraction(), checkpoint.at());
    }
  }

  private static void requireId(String conversationId) {
    if (conversationId == null || conversationId.isBlank()) {
      throw new IllegalArgumentException("conversationId must not be blank");
    }
  }

  private static final class Run {
    final Instant escalatedAt;
    final List<Cancellable> timers = new ArrayList<>(4);

    Run(Instant escalatedAt) {
      this.escalatedAt = escalatedAt;
    }

    void cancelTimers() {
      timers.forEach(Cancellable::cancel);
    }
  }
}
