package io.kefu.bot;

import java.util.concurrent.Semaphore;

/**
 * Bounds the NLP work admitted at once (running plus queued). Work beyond the bound is refused at
 * the door instead of growing a queue without limit; the caller answers it the cheap way.
 */
public final class AdmissionGate {
  private final Semaphore permits;
  private final int capacity;

  public AdmissionGate(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.permits = new Semaphore(capacity);
  }

  public boolean tryEnter() {
    return permits.tryAcquire();
  }

  public void leave() {
    permits.release();
  }

  public int inFlight() {
    return capacity - permits.availablePermits();
  }

  public int capacity() {
    return capacity;
  }
}
