package io.kefu.channel.wecom;

import io.kefu.channel.wechat.CallbackRejectedException;
import io.kefu.channel.wechat.MessageCrypto;
import io.kefu.channel.wechat.PushXml;
import io.kefu.channel.wechat.RejectReason;
import io.kefu.channel.wechat.ReplyXml;
import io.kefu.channel.wechat.Signatures;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The WeCom side of a self-built app's callback protocol: signs and encrypts callbacks (XML or JSON) and the
 * URL verification the way WeCom's servers do, and opens the encrypted passive replies. Used by the tests and
 * the load generator, so they speak the wire format the server really receives.
 */
public final class WeComPeer {
  private final WeComApp app;
  private final MessageCrypto crypto;
  private final SecureRandom random = new SecureRandom();

  public WeComPeer(WeComApp app) {
    this.app = app;
    this.crypto = new MessageCrypto(app.encodingAesKey(), app.corpId());
  }

  /** A callback ready to send: the query string (without {@code ?}, percent-encoded) and the body. */
  public record Push(String query, String body) {
  }

  /** The plaintext XML of a member's text message to the app. */
  public static String textXml(String corpId, String userId, long createTime, String content, long msgId,
                               int agentId) {
    return "<xml><ToUserName>" + ReplyXml.cdata(corpId) + "</ToUserName><FromUserName>" + ReplyXml.cdata(userId)
        + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"
        + ReplyXml.cdata(content) + "</Content><MsgId>" + msgId + "</MsgId><AgentID>" + agentId + "</AgentID></xml>";
  }

  /** The plaintext XML of the 微信客服 doorbell: new messages or events wait in {@code kf/sync_msg}. */
  public static String kfEventXml(String corpId, long createTime, String token, String openKfId) {
    return "<xml><ToUserName>" + ReplyXml.cdata(corpId) + "</ToUserName><CreateTime>" + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token>"
        + ReplyXml.cdata(token) + "</Token><OpenKfId>" + ReplyXml.cdata(openKfId) + "</OpenKfId></xml>";
  }

  /** The GET WeCom sends when the callback URL is saved: the encrypted {@code plaintext} must come back. */
  public String verificationQuery(String plaintext, long timestamp) {
    String nonce = nonce();
    String echostr = crypto.encrypt(plaintext);
    String ts = Long.toString(timestamp);
    return "msg_signature=" + Signatures.msgSignature(app.token(), ts, nonce, echostr) + "&timestamp=" + ts
        + "&nonce=" + nonce + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8);
  }

  /** An encrypted XML callback carrying {@code plainXml}. */
  public Push push(String plainXml, long timestamp) {
    String nonce = nonce();
    String ts = Long.toString(timestamp);
    String encrypt = crypto.encrypt(plainXml);
    String body = "<xml><ToUserName>" + ReplyXml.cdata(app.corpId()) + "</ToUserName><Encrypt>"
        + ReplyXml.cdata(encrypt) + "</Encrypt><AgentID>" + ReplyXml.cdata(Integer.toString(app.agentId()))
        + "</AgentID></xml>";
    return new Push(query(ts, nonce, encrypt), body);
  }

  /** An encrypted JSON callback ({@code WXBizJsonMsgCrypt}) carrying {@code plainJson}. */
  public Push pushJson(String plainJson, long timestamp) {
    String nonce = nonce();
    String ts = Long.toString(timestamp);
    String encrypt = crypto.encrypt(plainJson);
    String body = new JsonObject().put("tousername", app.corpId()).put("encrypt", encrypt)
        .put("agentid", app.agentId()).encode();
    return new Push(query(ts, nonce, encrypt), body);
  }

  /**
   * Opens a passive reply as WeCom would: an empty body gives an empty map; the XML or JSON envelope is
   * verified and decrypted, and the reply's fields returned.
   *
   * @throws CallbackRejectedException when the envelope's signature or ciphertext is wrong
   */
  public Map<String, String> openReply(String body) {
    if (body == null || body.isEmpty()) {
      return Map.of();
    }
    boolean json = body.startsWith("{");
    String encrypt;
    String signature;
    String timestamp;
    String nonce;
    if (json) {
      JsonObject envelope = new JsonObject(body);
      encrypt = envelope.getString("encrypt");
      signature = envelope.getString("msgsignature");
      timestamp = String.valueOf(envelope.getValue("timestamp"));
      nonce = envelope.getString("nonce");
    } else {
      Map<String, String> envelope = PushXml.parse(body);
      encrypt = envelope.get("Encrypt");
      signature = envelope.get("MsgSignature");
      timestamp = envelope.get("TimeStamp");
      nonce = envelope.get("Nonce");
    }
    if (encrypt == null) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, "reply has no Encrypt");
    }
    if (!Signatures.matches(Signatures.msgSignature(app.token(), timestamp, nonce, encrypt), signature)) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "reply MsgSignature");
    }
    String plain = crypto.decrypt(encrypt);
    return json ? WeComCodec.jsonFields(plain) : PushXml.parse(plain);
  }

  private String query(String ts, String nonce, String encrypt) {
    return "msg_signature=" + Signatures.msgSignature(app.token(), ts, nonce, encrypt) + "&timestamp=" + ts
        + "&nonce=" + nonce;
  }

  private String nonce() {
    return Long.toString(Integer.toUnsignedLong(random.nextInt()));
  }
}
