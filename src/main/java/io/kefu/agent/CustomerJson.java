package io.kefu.agent;

import io.kefu.conversation.CannedReply;
import io.kefu.conversation.ConversationSummary;
import io.kefu.conversation.CustomerProfile;
import io.kefu.conversation.ProfilePatch;
import io.kefu.conversation.SurveyReport;
import io.kefu.handoff.HandoffEventsJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON of customer profiles, history, canned replies and survey reports in the agent API. */
final class CustomerJson {
  private static final Set<String> PATCH_FIELDS = Set.of("nickname", "tier", "vip", "stage", "tags", "note");
  private static final Set<String> CANNED_FIELDS = Set.of("title", "text", "tags", "shared");

  private CustomerJson() {
  }

  static JsonObject of(CustomerProfile p) {
    JsonObject tags = new JsonObject();
    p.tags().forEach(tags::put);
    return new JsonObject().put("customerId", p.customerId()).put("channel", p.channel()).put("account", p.account())
        .put("openId", p.openId()).put("unionId", p.unionId()).put("nickname", p.nickname()).put("tier", p.tier())
        .put("vip", p.vip()).put("stage", p.stage()).put("tags", tags).put("note", p.note())
        .put("updatedAt", p.updatedAt()).put("updatedBy", p.updatedBy());
  }

  static ProfilePatch patch(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!PATCH_FIELDS.contains(field)) {
        throw ApiErrors.badRequest("unknown field '" + field + "'; allowed: " + PATCH_FIELDS);
      }
    }
    Map<String, String> tags = null;
    Object rawTags = body.getValue("tags");
    if (rawTags != null) {
      if (!(rawTags instanceof JsonObject object)) {
        throw ApiErrors.badRequest("tags must be an object of dimension → value");
      }
      tags = new LinkedHashMap<>();
      for (String name : object.fieldNames()) {
        Object value = object.getValue(name);
        if (value != null && !(value instanceof String)) {
          throw ApiErrors.badRequest("tags." + name + " must be a string (or null to remove it)");
        }
        tags.put(name, (String) value);
      }
    }
    return new ProfilePatch(string(body, "nickname"), string(body, "tier"), bool(body, "vip"), string(body, "stage"),
        tags, string(body, "note"));
  }

  static JsonObject summary(ConversationSummary s) {
    return new JsonObject().put("conversationId", s.conversationId()).put("channel", s.channel())
        .put("account", s.account()).put("state", s.state()).put("createdAt", s.createdAt())
        .put("updatedAt", s.updatedAt()).put("messages", s.messages()).put("lastText", s.lastText())
        .put("matches", HandoffEventsJson.entries(s.matches()));
  }

  static JsonObject canned(CannedReply r) {
    return new JsonObject().put("id", r.id()).put("title", r.title()).put("text", r.text())
        .put("tags", new JsonArray(r.tags())).put("source", r.source().name().toLowerCase(java.util.Locale.ROOT))
        .put("owner", r.owner());
  }

  static CannedReply canned(JsonObject body, String id, String owner) {
    for (String field : body.fieldNames()) {
      if (!CANNED_FIELDS.contains(field)) {
        throw ApiErrors.badRequest("unknown field '" + field + "'; allowed: " + CANNED_FIELDS);
      }
    }
    List<String> tags = new ArrayList<>();
    Object rawTags = body.getValue("tags");
    if (rawTags instanceof JsonArray array) {
      for (Object tag : array) {
        if (!(tag instanceof String text)) {
          throw ApiErrors.badRequest("tags must be a list of strings");
        }
        tags.add(text);
      }
    } else if (rawTags != null) {
      throw ApiErrors.badRequest("tags must be a list of strings");
    }
    return new CannedReply(id, string(body, "title"), string(body, "text"), tags, CannedReply.Source.AGENT, owner);
  }

  static JsonObject report(SurveyReport r) {
    JsonObject distribution = new JsonObject();
    for (int score = 1; score <= 5; score++) {
      distribution.put(Integer.toString(score), r.count(score));
    }
    JsonObject perAgent = new JsonObject();
    r.perAgent().forEach((agent, score) -> perAgent.put(agent, new JsonObject().put("responses", score.responses())
        .put("average", score.average())));
    return new JsonObject().put("sent", r.sent()).put("responses", r.responses()).put("responseRate", r.responseRate())
        .put("average", r.average()).put("distribution", distribution).put("perAgent", perAgent);
  }

  private static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw ApiErrors.badRequest(field + " must be a string");
    }
    return (String) value;
  }

  private static Boolean bool(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw ApiErrors.badRequest(field + " must be true or false");
    }
    return (Boolean) value;
  }
}
