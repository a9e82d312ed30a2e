package io.kefu.bot;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node's human agents are overloaded: set by the hand-off when the predicted wait of a new
 * escalation exceeds the SLA. While it is active, {@link BotPolicy} answers intents whose measured precision is
 * high enough at a lowered confidence instead of handing them over or asking to clarify. Thread-safe.
 */
public final class OverloadSignal {
  private static final Logger LOG = LoggerFactory.getLogger(OverloadSignal.class);

  private final AtomicBoolean overloaded = new AtomicBoolean();

  public void set(boolean overloaded) {
    if (this.overloaded.getAndSet(overloaded) != overloaded) {
      LOG.info(overloaded
          ? "Agents overloaded: the bot answers high-precision intents at lowered confidence"
          : "Agents no longer overloaded: the bot's normal thresholds apply");
    }
  }

  public boolean active() {
    return overloaded.get();
  }
}
