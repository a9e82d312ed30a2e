package io.kefu.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of a conversation's transcript, as stored in its Redis stream.
 *
 * @param author    who wrote it
 * @param kind      message kind as the channel names it ({@code text}, {@code image}, {@code event} …)
 * @param text      the text, or a short description for media and events
 * @param channelId the channel's id of the message (MsgId), empty when it has none
 * @param atMillis  when it was written (epoch ms)
 * @param extra     everything else the channel carried (media ids, event keys …), kept so nothing is lost
 */
public record TranscriptEntry(Author author, String kind, String text, String channelId, long atMillis,
                              Map<String, String> extra) {

  public enum Author { CUSTOMER, BOT, AGENT, SYSTEM }

  /** Stream fields in a fixed order: author, kind, text, channelId, at, then {@code x.<name>} extras. */
  public List<String> toFields() {
    List<String> fields = new ArrayList<>(10 + extra.size() * 2);
    fields.add("author");
    fields.add(author.name().toLowerCase(java.util.Locale.ROOT));
    fields.add("kind");
    fields.add(kind);
    fields.add("text");
    fields.add(text == null ? "" : text);
    fields.add("channelId");
    fields.add(channelId == null ? "" : channelId);
    fields.add("at");
    fields.add(Long.toString(atMillis));
    extra.forEach((name, value) -> {
      fields.add("x." + name);
      fields.add(value == null ? "" : value);
    });
    return fields;
  }

  public static TranscriptEntry fromFields(Map<String, String> fields) {
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (name.startsWith("x.")) {
        extra.put(name.substring(2), value);
      }
    });
    return new TranscriptEntry(Author.valueOf(fields.getOrDefault("author", "system").toUpperCase(java.util.Locale.ROOT)),
        fields.getOrDefault("kind", ""), fields.getOrDefault("text", ""), fields.getOrDefault("channelId", ""),
        Long.parseLong(fields.getOrDefault("at", "0")), Map.copyOf(extra));
  }
}
