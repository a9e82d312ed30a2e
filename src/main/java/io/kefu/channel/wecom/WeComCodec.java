package io.kefu.channel.wecom;

import io.kefu.channel.wechat.CallbackChecks;
import io.kefu.channel.wechat.CallbackRejectedException;
import io.kefu.channel.wechat.DecodedPush;
import io.kefu.channel.wechat.InboundMessage;
import io.kefu.channel.wechat.MessageCrypto;
import io.kefu.channel.wechat.PushCodec;
import io.kefu.channel.wechat.PushXml;
import io.kefu.channel.wechat.RejectReason;
import io.kefu.channel.wechat.ReplyXml;
import io.kefu.channel.wechat.Signatures;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Verifies, decrypts and parses the callbacks of one WeCom self-built app (protocol note §5.2–5.4) and
 * encodes its passive replies. Every WeCom callback is encrypted, with the CorpID as receive id; the body is
 * XML, or JSON when the app is configured for it. The {@code kf_msg_or_event} doorbell has no sender: its
 * {@code OpenKfId} stands in for {@code FromUserName}.
 */
public final class WeComCodec implements PushCodec {
  public static final String KF_EVENT = "kf_msg_or_event";

  private final WeComApp app;
  private final MessageCrypto crypto;
  private final CallbackChecks checks;

  public WeComCodec(WeComApp app, Clock clock, Duration timestampSkew) {
    this.app = app;
    this.crypto = new MessageCrypto(app.encodingAesKey(), app.corpId());
    this.checks = new CallbackChecks(clock, timestampSkew);
  }

  @Override
  public String accountId() {
    return app.id();
  }

  public WeComApp app() {
    return app;
  }

  /** GET verification: {@code msg_signature} covers the echostr, the answer is its decrypted plaintext. */
  @Override
  public String verifyUrl(Function<String, String> query) {
    CallbackChecks.Signed signed = checks.signed(query);
    String echostr = CallbackChecks.requiredParam(query, "echostr");
    checkSignature(query, signed, echostr);
    return crypto.decrypt(echostr);
  }

  @Override
  public DecodedPush decode(Function<String, String> query, String body) {
    CallbackChecks.Signed signed = checks.signed(query);
    boolean json = app.json() && body.stripLeading().startsWith("{");
    String encrypt = json ? jsonField(body, "encrypt", "Encrypt") : PushXml.parse(body).get("Encrypt");
    if (encrypt == null || encrypt.isBlank()) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, json ? "encrypt" : "Encrypt");
    }
    checkSignature(query, signed, encrypt);
    String plain = crypto.decrypt(encrypt);
    Map<String, String> fields = json ? jsonFields(plain) : PushXml.parse(plain);
    if (KF_EVENT.equals(fields.get("Event")) && blank(fields.get("FromUserName"))) {
      fields.put("FromUserName", fields.getOrDefault("OpenKfId", "kf"));
    }
    return new DecodedPush(InboundMessage.of(fields), true, signed.nonce(), json);
  }

  /** The signed, encrypted envelope: XML {@code <Encrypt><MsgSignature><TimeStamp><Nonce>}, or its JSON twin. */
  @Override
  public String encodeReply(String replyXml, DecodedPush push) {
    String plain = push.json() ? new JsonObject(new LinkedHashMap<>(PushXml.parse(replyXml))).encode() : replyXml;
    String encrypt = crypto.encrypt(plain);
    long timestamp = checks.clock().instant().getEpochSecond();
    String signature = Signatures.msgSignature(app.token(), Long.toString(timestamp), push.nonce(), encrypt);
    if (push.json()) {
      return new JsonObject().put("encrypt", encrypt).put("msgsignature", signature).put("timestamp", timestamp)
          .put("nonce", push.nonce()).encode();
    }
    return ReplyXml.encryptedEnvelope(encrypt, signature, timestamp, push.nonce());
  }

  private void checkSignature(Function<String, String> query, CallbackChecks.Signed signed, String encrypt) {
    String expected = Signatures.msgSignature(app.token(), signed.timestamp(), signed.nonce(), encrypt);
    if (!Signatures.matches(expected, query.apply("msg_signature"))) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "msg_signature");
    }
  }


  private static String jsonField(String body, String... names) {
    JsonObject object = jsonObject(body);
    for (String name : names) {
      Object value = object.getValue(name);
      if (value instanceof String text) {
        return text;
      }
    }
    return null;
  }

  /** A decrypted JSON message as the flat field map the XML form gives (nested objects as {@code a.b}). */
  public static Map<String, String> jsonFields(String plain) {
    return JsonFields.flatten(jsonObject(plain));
  }

  private static JsonObject jsonObject(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new CallbackRejectedException(RejectReason.XML_INVALID, "malformed JSON");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
