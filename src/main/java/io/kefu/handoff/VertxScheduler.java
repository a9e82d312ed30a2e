package io.kefu.handoff;

import io.kefu.routing.Cancellable;
import io.kefu.routing.Scheduler;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;

/** {@link Scheduler} on Vert.x timers: tasks run on the event loop of the caller's context. */
public final class VertxScheduler implements Scheduler {
  private final Vertx vertx;
  private final Clock clock;

  public VertxScheduler(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    long delay = Math.max(1, at.toEpochMilli() - clock.millis());
    long id = vertx.setTimer(delay, t -> task.run());
    return () -> vertx.cancelTimer(id);
  }
}
