package io.kefu.channel.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Runs a call again as long as {@link RetryPolicy} allows, waiting on Vert.x timers in between. */
public final class RetryLoop {
  private RetryLoop() {
  }

  public static <T> Future<T> run(Vertx vertx, RetryPolicy policy, boolean idempotent, Supplier<Future<T>> call) {
    return attempt(vertx, policy, idempotent, failure -> true, call, 1);
  }

  /**
   * Like {@link #run(Vertx, RetryPolicy, boolean, Supplier)} but repeats only failures of the given
   * API, so a failure of a nested call that did its own retries (the token endpoint) is not repeated.
   */
  public static <T> Future<T> run(Vertx vertx, RetryPolicy policy, boolean idempotent, String api, Supplier<Future<T>> call) {
    return attempt(vertx, policy, idempotent,
        failure -> failure instanceof WeChatApiException e && api.equals(e.api()), call, 1);
  }

  private static <T> Future<T> attempt(Vertx vertx, RetryPolicy policy, boolean idempotent,
      Predicate<Throwable> repeatable, Supplier<Future<T>> call, int attemptNumber) {
    return call.get().recover(failure -> {
      Optional<Duration> delay = repeatable.test(failure)
          ? policy.nextDelay(attemptNumber, failure, idempotent)
          : Optional.empty();
      if (delay.isEmpty()) {
        return Future.failedFuture(failure);
      }
      return vertx.timer(Math.max(1, delay.get().toMillis()))
          .compose(ignored -> attempt(vertx, policy, idempotent, repeatable, call, attemptNumber + 1));
    });
  }
}
