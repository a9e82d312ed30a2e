package io.kefu.testing;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocking waits on Vert.x futures for test threads (never call from an event loop). */
public final class Futures {
  private static final long TIMEOUT_SECONDS = 20;

  private Futures() {
  }

  /** The future's result, or its failure as an {@link ExecutionException}; fails after 20 s. */
  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The cause the future failed with; an {@link AssertionError} if it succeeded or timed out. */
  public static Throwable failure(Future<?> future) {
    try {
      await(future);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("expected the future to fail, got " + e, e);
    }
    throw new AssertionError("expected the future to fail, but it succeeded");
  }
}
