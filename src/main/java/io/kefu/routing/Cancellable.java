package io.kefu.routing;

/** A scheduled task that can still be called off; cancelling twice, or after it ran, does nothing. */
public interface Cancellable {

  void cancel();
}
