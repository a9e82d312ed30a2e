package io.kefu.channel.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WXBizMsgCrypt scheme shared by Official Accounts and WeCom (protocol note §3): AES-256-CBC,
 * IV = first 16 key bytes, PKCS#7 with a 32-byte block, plaintext
 * {@code random(16) | len(4, big-endian) | msg | receiveId}. Immutable and thread-safe.
 */
public final class MessageCrypto {
  private static final int BLOCK = 32;
  private static final int RANDOM_LENGTH = 16;
  private static final char[] RANDOM_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final byte[] receiveId;
  private final SecureRandom random = new SecureRandom();
  // One Cipher per thread and direction: re-initialising a Cipher with the same key skips the AES key schedule,
  // which a fresh Cipher per message pays every time (it showed in the load generator's profile).
  private final ThreadLocal<Cipher> encryptors = ThreadLocal.withInitial(MessageCrypto::newCipher);
  private final ThreadLocal<Cipher> decryptors = ThreadLocal.withInitial(MessageCrypto::newCipher);

  /**
   * @param encodingAesKey the 43-character EncodingAESKey; decoded leniently (the trailing bits of the
   *                       last character are ignored, as Tencent's own samples do)
   * @param receiveId      AppID (Official Account) or CorpID (WeCom) expected at the tail
   */
  public MessageCrypto(String encodingAesKey, String receiveId) {
    this.key = new SecretKeySpec(decodeKey(encodingAesKey), "AES");
    this.iv = new IvParameterSpec(Arrays.copyOf(key.getEncoded(), 16));
    this.receiveId = receiveId.getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/CBC/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/NoPadding is missing from this JRE", e);
    }
  }

  /** Decodes an EncodingAESKey or fails with {@link RejectReason#AES_KEY_ILLEGAL}. */
  public static byte[] decodeKey(String encodingAesKey) {
    if (encodingAesKey == null || encodingAesKey.length() != 43
        || !encodingAesKey.chars().allMatch(MessageCrypto::isBase64Alphanumeric)) {
      throw new CallbackRejectedException(RejectReason.AES_KEY_ILLEGAL,
          "expected 43 characters of [A-Za-z0-9]");
    }
    byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
    if (key.length != 32) {
      throw new CallbackRejectedException(RejectReason.AES_KEY_ILLEGAL, "decodes to " + key.length + " bytes");
    }
    return key;
  }

  private static boolean isBase64Alphanumeric(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Encrypts {@code message} with a fresh random prefix; returns standard Base64. */
  public String encrypt(String message) {
    char[] prefix = new char[RANDOM_LENGTH];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = RANDOM_ALPHABET[random.nextInt(RANDOM_ALPHABET.length)];
    }
    return encrypt(new String(prefix), message);
  }

  /** Encrypts with a given 16-byte random prefix (known-answer tests and simulators). */
  public String encrypt(String randomPrefix, String message) {
    byte[] prefix = randomPrefix.getBytes(StandardCharsets.UTF_8);
    if (prefix.length != RANDOM_LENGTH) {
      throw new IllegalArgumentException("random prefix must be 16 bytes");
    }
    byte[] msg = message.getBytes(StandardCharsets.UTF_8);
    int unpadded = RANDOM_LENGTH + 4 + msg.length + receiveId.length;
    int pad = BLOCK - (unpadded % BLOCK);
    ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
    plain.put(prefix).putInt(msg.length).put(msg).put(receiveId);
    for (int i = 0; i < pad; i++) {
      plain.put((byte) pad);
    }
    try {
      Cipher cipher = encryptors.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, iv);
      return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
    } catch (GeneralSecurityException e) {
      throw new CallbackRejectedException(RejectReason.ENCRYPT_FAILED, e.getClass().getSimpleName());
    }
  }

  /**
   * Decrypts a Base64 ciphertext and checks the receive id.
   *
   * @throws CallbackRejectedException with BASE64_INVALID, DECRYPT_FAILED, BUFFER_ILLEGAL or
   *                                   RECEIVE_ID_MISMATCH
   */
  public String decrypt(String base64) {
    byte[] cipherText;
    try {
      cipherText = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new CallbackRejectedException(RejectReason.BASE64_INVALID);
    }
    if (cipherText.length == 0 || cipherText.length % 16 != 0) {
      throw new CallbackRejectedException(RejectReason.DECRYPT_FAILED,
          "ciphertext length " + cipherText.length + " is not a positive multiple of 16");
    }
    byte[] plain;
    try {
      Cipher cipher = decryptors.get();
      cipher.init(Cipher.DECRYPT_MODE, key, iv);
      plain = cipher.doFinal(cipherText);
    } catch (GeneralSecurityException e) {
      throw new CallbackRejectedException(RejectReason.DECRYPT_FAILED, e.getClass().getSimpleName());
    }
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || pad > plain.length) {
      throw new CallbackRejectedException(RejectReason.BUFFER_ILLEGAL, "bad padding");
    }
    int end = plain.length - pad;
    if (end < RANDOM_LENGTH + 4) {
      throw new CallbackRejectedException(RejectReason.BUFFER_ILLEGAL, "too short");
    }
    int length = ByteBuffer.wrap(plain, RANDOM_LENGTH, 4).getInt();
    int msgStart = RANDOM_LENGTH + 4;
    if (length < 0 || length > end - msgStart) {
      throw new CallbackRejectedException(RejectReason.BUFFER_ILLEGAL, "length field out of range");
    }
    byte[] tail = Arrays.copyOfRange(plain, msgStart + length, end);
    if (!MessageDigest.isEqual(tail, receiveId)) {
      throw new CallbackRejectedException(RejectReason.RECEIVE_ID_MISMATCH);
    }
    return StrictUtf8.decode(plain, msgStart, length);
  }
}
