package io.kefu.channel.wechat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The verified official vectors (copied from shared/reference/wechat-vectors.json). */
public record WeChatVectors(String name, String kind, String role, String token, String encodingAesKey,
                           String receiveId, String timestamp, String nonce, String msgSignature,
                           String encrypt, String expectedPlaintext, String randomPrefix) {

  public static List<WeChatVectors> all() {
    try (InputStream in = WeChatVectors.class.getResourceAsStream("/wechat-vectors.json")) {
      JsonArray array = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return array.stream().map(JsonObject.class::cast).map(v -> new WeChatVectors(
          v.getString("name"), v.getString("kind"), v.getString("role"), v.getString("token"),
          v.getString("encodingAesKey"), v.getString("appOrCorpId"), v.getString("timestamp"),
          v.getString("nonce"), v.getString("msgSignature"), v.getString("encrypt"),
          v.getString("expectedPlaintext"), v.getString("randomPrefix"))).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static WeChatVectors named(String name) {
    return all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  public MessageCrypto crypto() {
    return new MessageCrypto(encodingAesKey, receiveId);
  }

  @Override
  public String toString() {
    return name;
  }
}
