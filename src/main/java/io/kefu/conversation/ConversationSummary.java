package io.kefu.conversation;

import java.util.List;

/**
 * One past conversation of a customer, as the history view lists it.
 *
 * @param messages transcript entries of every author, system notes included
 * @param lastText text of the last transcript entry ("" when the transcript is empty)
 * @param matches  entries containing the searched text (at most {@link TranscriptSearch#MAX_MATCHES}); empty
 *                 when the history was not searched
 */
public record ConversationSummary(String conversationId, String channel, String account, String state,
                                  long createdAt, long updatedAt, int messages, String lastText,
                                  List<TranscriptEntry> matches) {

  public ConversationSummary {
    matches = List.copyOf(matches);
  }
}
