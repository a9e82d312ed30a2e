package io.kefu.routing;

import java.time.Instant;

/** Told when a waiting chat crosses an SLA warning or breaches its first-response deadline. */
public interface SlaListener {

  /** {@code fraction} of the SLA has elapsed at {@code at} without a first agent response. */
  void onWarning(String conversationId, double fraction, Instant at);

  /** The first-response deadline {@code at} passed without an agent response. */
  void onBreach(String conversationId, Instant at);
}
