package io.kefu.bot;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the NLP work admitted to the worker pool (running plus queued) by count and by expected waiting time.
 * A turn is refused at the door when {@code capacity} turns are in flight, or when the turns ahead of it would keep
 * it waiting longer than {@code maxWait}: (in flight − workers + 1) × mean service time / workers, the service time
 * being a moving average of what the pool reported through {@link #leave(Duration)}. The caller answers a refused
 * turn the cheap way at once instead of letting a queue grow that would answer everyone late. The estimate can be
 * wrong (a stall, a burst of slow texts), so the caller also checks the real wait when the work starts
 * ({@link #waitedTooLong(Duration)}). Thread-safe.
 */
public final class AdmissionGate {
  /** Weight of the newest service time in the moving average. */
  static final double SMOOTHING = 0.1;

  private final int capacity;
  private final int workers;
  private final Duration maxWait;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile double meanServiceNanos; // 0 until the first report: nothing to predict from yet

  /**
   * @param capacity turns in flight at most
   * @param workers  threads of the pool the turns run on
   * @param maxWait  longest a turn should wait for a worker
   */
  public AdmissionGate(int capacity, int workers, Duration maxWait) {
    if (capacity < 1 || workers < 1) {
      throw new IllegalArgumentException("capacity and workers must be positive");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative");
    }
    this.capacity = capacity;
    this.workers = workers;
    this.maxWait = maxWait;
  }

  /** True when the turn may enter (then it must {@link #leave} once); false when it should be answered otherwise. */
  public boolean tryEnter() {
    while (true) {
      int n = inFlight.get();
      if (n >= capacity || expectedWaitNanos(n) > maxWait.toNanos()) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Leaves after the work ran for {@code service} (feeds the estimate). */
  public void leave(Duration service) {
    synchronized (this) {
      double sample = service.toNanos();
      meanServiceNanos = meanServiceNanos == 0 ? sample : meanServiceNanos + SMOOTHING * (sample - meanServiceNanos);
    }
    leave();
  }

  /** Leaves without a measurement (the work was refused, skipped or failed). */
  public void leave() {
    inFlight.decrementAndGet();
  }

  /** Whether a turn admitted this long ago should no longer start (it has waited past {@code maxWait}). */
  public boolean waitedTooLong(Duration waited) {
    return waited.compareTo(maxWait) > 0;
  }

  /** What a turn entering now would wait, from the turns in flight and the mean service time. */
  public Duration expectedWait() {
    return Duration.ofNanos(expectedWaitNanos(inFlight.get()));
  }

  private long expectedWaitNanos(int ahead) {
    int queued = ahead - workers + 1;
    return queued <= 0 ? 0 : (long) (queued * meanServiceNanos / workers);
  }

  /** Mean service time reported so far (zero before the first report). */
  public Duration meanService() {
    return Duration.ofNanos((long) meanServiceNanos);
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int capacity() {
    return capacity;
  }

  public Duration maxWait() {
    return maxWait;
  }
}
