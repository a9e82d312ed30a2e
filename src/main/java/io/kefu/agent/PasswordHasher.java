package io.kefu.agent;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as {@code pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>} (PBKDF2-HMAC-SHA256,
 * 16-byte random salt, 32-byte hash). Deliberately slow: call it off the event loop.
 */
public final class PasswordHasher {
  public static final int DEFAULT_ITERATIONS = 210_000;
  public static final int MIN_ITERATIONS = 1_000;
  /** Encodings asking for more are refused rather than computed (a tampered hash must not burn a core). */
  public static final int MAX_ITERATIONS = 10_000_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations: must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS);
    }
    this.iterations = iterations;
  }

  public int iterations() {
    return iterations;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations, HASH_BYTES));
  }

  /** True when {@code password} matches {@code encoded}; false for a wrong password or a malformed encoding. */
  public boolean verify(String password, String encoded) {
    if (password == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    int rounds;
    byte[] salt;
    byte[] expected;
    try {
      rounds = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (rounds < MIN_ITERATIONS || rounds > MAX_ITERATIONS || salt.length < 8 || expected.length < 16
        || expected.length > 64) {
      return false;
    }
    return MessageDigest.isEqual(expected, derive(password, salt, rounds, expected.length));
  }

  private static byte[] derive(String password, byte[] salt, int rounds, int length) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JRE", e);
    } finally {
      spec.clearPassword();
    }
  }
}
