package io.kefu.report;

/** One customer message the bot could not answer, as kept in Redis ({@code id} is the stream entry id). */
public record UnansweredEntry(String id, String text, long atMs, String conversationId) {
}
