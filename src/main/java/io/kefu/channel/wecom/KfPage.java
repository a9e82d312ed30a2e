package io.kefu.channel.wecom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code kf/sync_msg}: the messages and events, where the next page starts, and whether there is
 * one. {@code hasMore} may be true on an empty page (documented quirk): keep pulling.
 */
public record KfPage(List<KfMessage> messages, String nextCursor, boolean hasMore) {

  static KfPage of(JsonObject json) {
    List<KfMessage> messages = new ArrayList<>();
    for (Object item : json.getJsonArray("msg_list", new JsonArray())) {
      if (item instanceof JsonObject message) {
        messages.add(KfMessage.of(message));
      }
    }
    return new KfPage(List.copyOf(messages), json.getString("next_cursor", ""), json.getInteger("has_more", 0) == 1);
  }
}
