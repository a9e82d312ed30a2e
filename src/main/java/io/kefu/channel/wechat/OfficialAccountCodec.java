package io.kefu.channel.wechat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Verifies, decrypts and parses Official Account callbacks, and encodes passive replies, for one
 * account. Plain Java: the HTTP handler passes the query parameters and the body it read.
 */
public final class OfficialAccountCodec implements PushCodec {
  private final WeChatAccount account;
  private final MessageCrypto crypto;
  private final CallbackChecks checks;

  public OfficialAccountCodec(WeChatAccount account, Clock clock, Duration timestampSkew) {
    this.account = account;
    this.crypto = account.mode().acceptsEncrypted()
        ? new MessageCrypto(account.encodingAesKey(), account.appId())
        : null;
    this.checks = new CallbackChecks(clock, timestampSkew);
  }

  public WeChatAccount account() {
    return account;
  }

  @Override
  public String accountId() {
    return account.id();
  }

  /**
   * GET URL verification (§1.2): returns the {@code echostr} to echo when the signature matches.
   *
   * @param query lookup of decoded query parameters
   */
  @Override
  public String verifyUrl(Function<String, String> query) {
    CallbackChecks.Signed signed = checks.signed(query);
    String timestamp = signed.timestamp();
    String nonce = signed.nonce();
    String echostr = CallbackChecks.requiredParam(query, "echostr");
    if (!Signatures.matches(Signatures.signature(account.token(), timestamp, nonce), query.apply("signature"))) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "signature");
    }
    return echostr;
  }

  /** Verifies and decodes a POST push in the mode the query names (§1.3, §1.4). */
  @Override
  public DecodedPush decode(Function<String, String> query, String body) {
    CallbackChecks.Signed signed = checks.signed(query);
    String timestamp = signed.timestamp();
    String nonce = signed.nonce();
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
      return new DecodedPush(InboundMessage.of(outer), false, nonce, false);
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
    return new DecodedPush(InboundMessage.of(inner), true, nonce, false);
  }

  @Override
  public String encodeReply(String replyXml, DecodedPush push) {
    return encodeReply(replyXml, push.encrypted(), push.nonce());
  }

  /** Wraps reply XML for the wire: as is for plaintext pushes, in the signed envelope for encrypted ones. */
  public String encodeReply(String replyXml, boolean encrypted, String nonce) {
    if (!encrypted) {
      return replyXml;
    }
    String encrypt = crypto.encrypt(replyXml);
    long timestamp = checks.clock().instant().getEpochSecond();
    String signature = Signatures.msgSignature(account.token(), Long.toString(timestamp), nonce, encrypt);
    return ReplyXml.encryptedEnvelope(encrypt, signature, timestamp, nonce);
  }
}
