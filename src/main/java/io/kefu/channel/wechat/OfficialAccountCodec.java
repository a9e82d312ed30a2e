package io.kefu.channel.wechat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Verifies, decrypts and parses Official Account callbacks, and encodes passive replies, for one
 * account. Plain Java: the HTTP handler passes the query parameters and the body it read.
 */
public final class OfficialAccountCodec {
  private final WeChatAccount account;
  private final MessageCrypto crypto;
  private final Clock clock;
  private final long skewSeconds;

  public OfficialAccountCodec(WeChatAccount account, Clock clock, Duration timestampSkew) {
    this.account = account;
    this.crypto = account.mode().acceptsEncrypted()
        ? new MessageCrypto(account.encodingAesKey(), account.appId())
        : null;
    this.clock = clock;
    this.skewSeconds = timestampSkew.toSeconds();
  }

  public WeChatAccount account() {
    return account;
  }

  /** A decoded push: the message, whether it came encrypted (so the reply must be too), and the nonce. */
  public record DecodedPush(InboundMessage message, boolean encrypted, String nonce) {
  }

  /**
   * GET URL verification (§1.2): returns the {@code echostr} to echo when the signature matches.
   *
   * @param query lookup of decoded query parameters
   */
  public String verifyUrl(Function<String, String> query) {
    String timestamp = requiredParam(query, "timestamp");
    String nonce = requiredParam(query, "nonce");
    String echostr = requiredParam(query, "echostr");
    checkSkew(timestamp);
    if (!Signatures.matches(Signatures.signature(account.token(), timestamp, nonce), query.apply("signature"))) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "signature");
    }
    return echostr;
  }

  /** Verifies and decodes a POST push in the mode the query names (§1.3, §1.4). */
  public DecodedPush decode(Function<String, String> query, String body) {
    String timestamp = requiredParam(query, "timestamp");
    String nonce = requiredParam(query, "nonce");
    checkSkew(timestamp);
    String encryptType = query.apply("encrypt_type");
    boolean encrypted;
    if (encryptType == null || encryptType.isEmpty() || encryptType.equalsIgnoreCase("raw")) {
      encrypted = false;
    } else if (encryptType.equalsIgnoreCase("aes")) {
      encrypted = true;
    } else {
      throw new CallbackRejectedException(RejectReason.PARAMETER_MISSING, "unknown encrypt_type " + encryptType);
    }
    if (encrypted ? !account.mode().acceptsEncrypted() : !account.mode().acceptsPlaintext()) {
      throw new CallbackRejectedException(RejectReason.MODE_NOT_ALLOWED,
          (encrypted ? "encrypted" : "plaintext") + " push to a " + account.mode() + " account");
    }
    Map<String, String> outer = PushXml.parse(body);
    if (!encrypted) {
      if (!Signatures.matches(Signatures.signature(account.token(), timestamp, nonce), query.apply("signature"))) {
        throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "signature");
      }
      return new DecodedPush(InboundMessage.of(outer), false, nonce);
    }
    String encrypt = outer.get("Encrypt");
    if (encrypt == null || encrypt.isBlank()) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, "Encrypt");
    }
    String expected = Signatures.msgSignature(account.token(), timestamp, nonce, encrypt);
    if (!Signatures.matches(expected, query.apply("msg_signature"))) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "msg_signature");
    }
    Map<String, String> inner = PushXml.parse(crypto.decrypt(encrypt));
    return new DecodedPush(InboundMessage.of(inner), true, nonce);
  }

  /** Wraps reply XML for the wire: as is for plaintext pushes, in the signed envelope for encrypted ones. */
  public String encodeReply(String replyXml, boolean encrypted, String nonce) {
    if (!encrypted) {
      return replyXml;
    }
    String encrypt = crypto.encrypt(replyXml);
    long timestamp = clock.instant().getEpochSecond();
    String signature = Signatures.msgSignature(account.token(), Long.toString(timestamp), nonce, encrypt);
    return ReplyXml.encryptedEnvelope(encrypt, signature, timestamp, nonce);
  }

  private void checkSkew(String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new CallbackRejectedException(RejectReason.PARAMETER_MISSING, "timestamp is not a number");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > skewSeconds) {
      throw new CallbackRejectedException(RejectReason.TIMESTAMP_SKEW,
          "timestamp " + seconds + " is " + (now - seconds) + " s from now");
    }
  }

  private static String requiredParam(Function<String, String> query, String name) {
    String value = query.apply(name);
    if (value == null || value.isEmpty() || value.length() > 512) {
      throw new CallbackRejectedException(RejectReason.PARAMETER_MISSING, name);
    }
    return value;
  }
}
