package io.kefu.app;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code KEFU_*} environment variables over the YAML tree: {@code __} separates levels and a
 * single {@code _} inside a level marks the next word, so {@code KEFU_WECHAT__REPLY_BUDGET=2s} sets
 * {@code wechat.replyBudget} and {@code KEFU_ACCOUNTS__DEMO__SECRET} sets {@code accounts.demo.secret}.
 * Levels match existing keys without regard to case.
 */
public final class EnvOverrides {
  static final String PREFIX = "KEFU_";
  /** Variables with a meaning of their own, not configuration keys. */
  static final String CONFIG_PATH_VARIABLE = "KEFU_CONFIG";

  private EnvOverrides() {
  }

  public static JsonObject apply(JsonObject tree, Map<String, String> environment) {
    JsonObject result = tree.copy();
    environment.forEach((name, value) -> {
      if (!name.startsWith(PREFIX) || name.equals(CONFIG_PATH_VARIABLE)) {
        return;
      }
      String[] levels = name.substring(PREFIX.length()).split("__");
      JsonObject node = result;
      for (int i = 0; i < levels.length; i++) {
        String key = existingKey(node, levels[i]);
        if (i == levels.length - 1) {
          node.put(key, value);
        } else {
          Object child = node.getValue(key);
          if (!(child instanceof JsonObject)) {
            child = new JsonObject();
            node.put(key, child);
          }
          node = (JsonObject) child;
        }
      }
    });
    return result;
  }

  private static String existingKey(JsonObject node, String level) {
    String squashed = level.replace("_", "");
    for (String key : node.fieldNames()) {
      if (key.equalsIgnoreCase(squashed) || key.equalsIgnoreCase(level)) {
        return key;
      }
    }
    return camelCase(level);
  }

  private static String camelCase(String level) {
    String[] words = level.toLowerCase(Locale.ROOT).split("_");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      if (!words[i].isEmpty()) {
        key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
    }
    return key.toString();
  }
}
