package io.kefu.handoff;

import io.kefu.conversation.Conversation;
import io.kefu.conversation.TranscriptEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** The JSON shapes of hand-off events and of conversations in the agent API. */
public final class HandoffEventsJson {
  private HandoffEventsJson() {
  }

  /** An event about one conversation: {@code type}, {@code at} and the conversation's routing fields. */
  public static JsonObject chat(String type, Conversation c, Clock clock) {
    return new JsonObject().put("type", type).put("at", clock.millis()).put("conversationId", c.id())
        .put("skill", c.skill()).put("agent", c.agent()).put("conversation", conversation(c));
  }

  public static JsonObject conversation(Conversation c) {
    return new JsonObject()
        .put("id", c.id())
        .put("channel", c.channel())
        .put("account", c.account())
        .put("customer", c.user())
        .put("customerId", c.customerId())
        .put("state", c.state().name())
        .put("skill", c.skill())
        .put("vip", c.vip())
        .put("tier", c.tier())
        .put("reason", c.reason())
        .put("createdAt", c.createdAt())
        .put("escalatedAt", c.escalatedAt())
        .put("deadline", c.deadline())
        .put("agent", c.agent())
        .put("assignedAt", c.assignedAt())
        .put("acceptedAt", c.acceptedAt())
        .put("firstResponseAt", c.firstResponseAt())
        .put("closedAt", c.closedAt())
        .put("ticket", c.ticket())
        .put("preferredAgent", c.preferredAgent())
        .put("requeues", c.requeues())
        .put("survey", c.survey())
        .put("lastInboundAt", c.lastInboundAt())
        .put("lastAgentMessageAt", c.lastAgentMessageAt());
  }

  public static JsonObject entry(TranscriptEntry e) {
    JsonObject extra = new JsonObject();
    e.extra().forEach(extra::put);
    return new JsonObject().put("author", e.author().name().toLowerCase(java.util.Locale.ROOT)).put("kind", e.kind())
        .put("text", e.text()).put("at", e.atMillis()).put("extra", extra);
  }

  public static JsonArray entries(java.util.List<TranscriptEntry> entries) {
    JsonArray out = new JsonArray();
    entries.forEach(e -> out.add(entry(e)));
    return out;
  }
}
