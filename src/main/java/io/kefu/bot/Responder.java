package io.kefu.bot;

import java.util.concurrent.CompletionStage;

/**
 * Decides how the bot answers a customer turn. The channel calls it for every new message and never
 * knows how the decision is made (keyword table, NLP pipeline …). Implementations must not block the
 * caller: blocking work belongs on their own executor.
 */
public interface Responder {

  CompletionStage<Decision> respond(BotRequest request);

  /** False while models are still loading; readiness ({@code /ready}) waits for it. */
  default boolean ready() {
    return true;
  }
}
