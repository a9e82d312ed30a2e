package io.kefu.channel.wecom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Flattens WeCom's JSON into the field map Kefu's transcript keeps: nested objects as {@code a.b}, lists as JSON. */
final class JsonFields {
  private JsonFields() {
  }

  static Map<String, String> flatten(JsonObject object) {
    Map<String, String> fields = new LinkedHashMap<>();
    flatten("", object, fields);
    return fields;
  }

  private static void flatten(String prefix, JsonObject object, Map<String, String> into) {
    for (Map.Entry<String, Object> e : object) {
      String name = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof JsonObject nested) {
        flatten(name + ".", nested, into);
      } else if (value instanceof JsonArray array) {
        into.put(name, array.encode());
      } else if (value != null) {
        into.put(name, value.toString());
      }
    }
  }
}
