package io.kefu.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * When a node's console sockets stop counting. Each node heartbeats a lease for the sockets it holds; a node
 * that misses its lease (killed, frozen, cut off from Redis) is taken for dead and its agents are treated as
 * disconnected since its last heartbeat, exactly as if their sockets had closed then.
 *
 * <p>A node releases other nodes' sockets only after it has itself heartbeated without a gap for a whole
 * lease: right after a Redis outage every node's last heartbeat looks old, and the live ones need one
 * round to renew before anyone may judge them.
 *
 * @param lease           a node whose last heartbeat is older than this is dead
 * @param disconnectGrace an agent whose last socket is gone this long goes offline (their chats are re-queued)
 */
public record SocketLeasePolicy(Duration lease, Duration disconnectGrace) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
  private static final int HEARTBEATS_PER_LEASE = 3;

  public SocketLeasePolicy {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(disconnectGrace, "disconnectGrace");
    if (lease.toMillis() < HEARTBEATS_PER_LEASE) {
      throw new IllegalArgumentException("lease must be at least " + HEARTBEATS_PER_LEASE + " ms");
    }
  }

  /** How often a node renews its lease (and looks for dead nodes). */
  public Duration heartbeatEvery() {
    return lease.dividedBy(HEARTBEATS_PER_LEASE);
  }

  /** Heartbeats at or before this instant (ms) belong to dead nodes. */
  public long deadIfHeartbeatAtOrBefore(long nowMillis) {
    return nowMillis - lease.toMillis();
  }

  /**
   * Whether this node may release others' sockets now.
   *
   * @param renewingSinceMillis when this node's current run of successful heartbeats began, or a negative value
   *                            when its last heartbeat failed
   */
  public boolean maySweep(long renewingSinceMillis, long nowMillis) {
    return renewingSinceMillis >= 0 && nowMillis - renewingSinceMillis >= lease.toMillis();
  }

  /** When an agent whose last socket went away at {@code goneAtMillis} goes offline, unless a socket is back. */
  public long offlineAt(long goneAtMillis) {
    return goneAtMillis + disconnectGrace.toMillis();
  }
}
