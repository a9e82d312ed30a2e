package io.kefu.agent;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object read strictly: unknown fields and values of the wrong type are refused with an
 * {@link IllegalArgumentException} whose message names the field (the API turns it into a 400).
 * A field that is absent or JSON {@code null} reads as null.
 */
public final class JsonBody {
  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** Wraps {@code json}, refusing fields outside {@code known}. */
  public static JsonBody of(JsonObject json, Set<String> known) {
    if (json == null) {
      throw new IllegalArgumentException("a JSON object is required");
    }
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "' (known: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
    return new JsonBody(json);
  }

  /** The request body as a JSON object; malformed or missing JSON is a bad request. */
  public static JsonBody of(RoutingContext ctx, Set<String> known) {
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    if (json == null) {
      throw new IllegalArgumentException("a JSON object body is required");
    }
    return of(json, known);
  }

  /** A copy of the object without {@code fields} (e.g. to read an account out of a body that also holds a password). */
  public JsonObject copyWithout(String... fields) {
    JsonObject copy = json.copy();
    for (String field : fields) {
      copy.remove(field);
    }
    return copy;
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String string(String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(field + ": must be a string");
  }

  public String requiredString(String field) {
    String value = string(field);
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }

  public Integer integer(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() == ((Number) value).intValue()) {
      return ((Number) value).intValue();
    }
    throw new IllegalArgumentException(field + ": must be a whole number");
  }

  public Boolean bool(String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw new IllegalArgumentException(field + ": must be true or false");
  }

  /** A JSON array of strings. */
  public List<String> strings(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(field + ": must be an array of strings");
    }
    List<String> items = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException(field + ": must be an array of strings");
      }
      items.add(text);
    }
    return items;
  }
}
