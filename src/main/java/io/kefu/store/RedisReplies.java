package io.kefu.store;

import io.kefu.conversation.TranscriptEntry;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Redis replies the same way under RESP2 and RESP3: a hash comes back as a map from HGETALL under RESP3
 * but as a flat list from a Lua script, and WITHSCORES gives pairs under RESP3 but a flat list under RESP2.
 */
public final class RedisReplies {
  private RedisReplies() {
  }

  /** A member of a sorted set with its score. */
  record Scored(String member, double score) {
  }

  public static Map<String, String> hash(Response reply) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (reply == null) {
      return fields;
    }
    if (reply.isMap()) {
      for (String field : reply.getKeys()) {
        fields.put(field, str(reply.get(field)));
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        fields.put(reply.get(i).toString(), str(reply.get(i + 1)));
      }
    }
    return fields;
  }

  static List<Scored> withScores(Response reply) {
    List<Scored> members = new ArrayList<>();
    if (reply == null || reply.size() == 0) {
      return members;
    }
    if (reply.get(0).isArray()) {
      for (Response pair : reply) {
        members.add(new Scored(pair.get(0).toString(), pair.get(1).toDouble()));
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        members.add(new Scored(reply.get(i).toString(), reply.get(i + 1).toDouble()));
      }
    }
    return members;
  }

  /** Transcript entries of an XRANGE / XREVRANGE reply, in the reply's order. */
  static List<TranscriptEntry> transcript(Response reply) {
    List<TranscriptEntry> entries = new ArrayList<>();
    if (reply == null) {
      return entries;
    }
    for (Response item : reply) {
      entries.add(TranscriptEntry.fromFields(hash(item.get(1))));
    }
    return entries;
  }

  static long longOr(String value, long fallback) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String str(Response response) {
    return response == null ? null : response.toString();
  }
}
