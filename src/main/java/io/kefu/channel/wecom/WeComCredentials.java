package io.kefu.channel.wecom;

import io.kefu.channel.wechat.TokenOwner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CorpID and an app secret: WeCom issues one access token per such pair (protocol note §5.5), so tokens
 * are cached per pair. The cache key carries a fingerprint of the secret, never the secret itself.
 */
public record WeComCredentials(String corpId, String secret) implements TokenOwner {

  @Override
  public String tokenKey() {
    return "wecom:" + corpId + ":" + fingerprint(secret);
  }

  @Override
  public TokenRequest tokenRequest(boolean forceRefresh) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("corpid", corpId);
    query.put("corpsecret", secret);
    return new TokenRequest("gettoken", "/cgi-bin/gettoken", query, null);
  }

  @Override
  public String toString() {
    return "WeComCredentials[" + tokenKey() + "]";
  }

  private static String fingerprint(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JRE", e);
    }
  }
}
