package io.kefu.bot;

import java.util.List;

/**
 * What the bot remembers of a conversation between turns.
 *
 * @param misses         consecutive turns the bot could not answer
 * @param options        FAQ ids offered as 1/2/3 in the last clarification, empty when none is open
 * @param pendingIntent  intent waiting for a required slot (e.g. an order number), or null
 * @param updatedAtMillis when the state was written; old state is ignored
 */
public record DialogueState(int misses, List<String> options, String pendingIntent, long updatedAtMillis) {

  public static final DialogueState EMPTY = new DialogueState(0, List.of(), null, 0);

  public DialogueState {
    options = List.copyOf(options);
  }
}
