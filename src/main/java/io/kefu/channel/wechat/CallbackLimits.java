package io.kefu.channel.wechat;

import java.time.Duration;

/**
 * How a node bounds the callbacks it serves, so that overload costs fast refusals instead of late answers.
 *
 * @param replyBudget  from a callback's arrival, how long it waits for the bot before answering 'success' and
 *                     sending the answer through the API
 * @param claimTimeout from arrival, how long the claim in Redis may take; later, the callback is refused (503) so
 *                     WeChat retries, and its claim, if it still lands, is answered to that retry
 * @param maxClaiming  callbacks per node between arrival and their claim's answer; more are refused at once (503)
 * @param pendingLease how long a node owns an acknowledged answer it has still to send; after that any node's
 *                     sweep adopts it (the owner died or stalled)
 * @param maxBodyBytes size cap of a callback body
 */
public record CallbackLimits(Duration replyBudget, Duration claimTimeout, int maxClaiming, Duration pendingLease,
                             int maxBodyBytes) {

  /** How often a node looks for pending answers whose lease ran out: a quarter of the lease, at most 2 s. */
  public Duration sweepInterval() {
    return Duration.ofMillis(Math.max(100, Math.min(2_000, pendingLease.toMillis() / 4)));
  }
}
