package io.kefu.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** WeChat's SHA-1 signatures over sorted strings (protocol note §3.4). */
public final class Signatures {
  private Signatures() {
  }

  /** {@code hex(sha1(concat(sort(parts))))}, lower case. */
  public static String sha1OfSorted(String... parts) {
    String[] sorted = parts.clone();
    Arrays.sort(sorted);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (String part : sorted) {
        sha1.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JRE", e);
    }
  }

  /** The plain {@code signature}: Token, timestamp, nonce. */
  public static String signature(String token, String timestamp, String nonce) {
    return sha1OfSorted(token, timestamp, nonce);
  }

  /** The {@code msg_signature}: Token, timestamp, nonce and the Base64 ciphertext as received. */
  public static String msgSignature(String token, String timestamp, String nonce, String encrypt) {
    return sha1OfSorted(token, timestamp, nonce, encrypt);
  }

  /** Constant-time comparison of a received signature with the expected one; null never matches. */
  public static boolean matches(String expected, String received) {
    if (received == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        received.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
