package io.kefu.routing;

import java.time.Instant;

/** Runs a task at an instant; a task whose instant has passed runs as soon as the scheduler can. */
public interface Scheduler {

  Cancellable schedule(Instant at, Runnable task);
}
