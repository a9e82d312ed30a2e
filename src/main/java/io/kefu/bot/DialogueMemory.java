package io.kefu.bot;

import java.util.concurrent.CompletionStage;

/** Where the bot keeps {@link DialogueState} between turns (Redis in production). */
public interface DialogueMemory {

  /** The state of a conversation, {@link DialogueState#EMPTY} when there is none. */
  CompletionStage<DialogueState> load(String conversationId);

  CompletionStage<Void> save(String conversationId, DialogueState state);
}
