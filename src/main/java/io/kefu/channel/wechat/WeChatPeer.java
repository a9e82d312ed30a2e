package io.kefu.channel.wechat;

import java.security.SecureRandom;
import java.util.Map;

/**
 * The WeChat side of the callback protocol: builds signed (and, in safe/compatible mode, encrypted)
 * pushes the way WeChat's servers do, and opens the replies. Used by {@code kefu simulate}, the load
 * generator and the tests, so they all speak the wire format the server really receives.
 */
public final class WeChatPeer {
  private final WeChatAccount account;
  private final MessageCrypto crypto;
  private final SecureRandom random = new SecureRandom();

  public WeChatPeer(WeChatAccount account) {
    this.account = account;
    this.crypto = account.encodingAesKey() == null ? null : new MessageCrypto(account.encodingAesKey(),
        account.appId());
  }

  /** A push ready to POST: the query string (without {@code ?}) and the body. */
  public record Push(String query, String body) {
  }

  /** The plaintext XML of a text message from {@code openId}. */
  public static String textXml(String originalId, String openId, long createTime, String content, long msgId) {
    return "<xml><ToUserName><![CDATA[" + originalId + "]]></ToUserName><FromUserName><![CDATA[" + openId
        + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + "<Content>" + ReplyXml.cdata(content) + "</Content><MsgId>" + msgId + "</MsgId></xml>";
  }

  /** The plaintext XML of an event from {@code openId}. */
  public static String eventXml(String originalId, String openId, long createTime, String event, String eventKey) {
    return "<xml><ToUserName><![CDATA[" + originalId + "]]></ToUserName><FromUserName><![CDATA[" + openId
        + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        + "<Event><![CDATA[" + event + "]]></Event><EventKey><![CDATA[" + eventKey + "]]></EventKey></xml>";
  }

  /**
   * Wraps a plaintext push for the wire in {@code mode}: plaintext as is; safe mode as
   * {@code ToUserName + Encrypt}; compatible mode with both.
   */
  public Push push(String plainXml, String openId, WeChatAccount.MessageMode mode, long timestamp) {
    String nonce = Long.toString(Integer.toUnsignedLong(random.nextInt()));
    String ts = Long.toString(timestamp);
    String signature = Signatures.signature(account.token(), ts, nonce);
    String base = "signature=" + signature + "&timestamp=" + ts + "&nonce=" + nonce + "&openid=" + openId;
    if (mode == WeChatAccount.MessageMode.PLAINTEXT) {
      return new Push(base, plainXml);
    }
    String encrypt = crypto.encrypt(plainXml);
    String msgSignature = Signatures.msgSignature(account.token(), ts, nonce, encrypt);
    String query = base + "&encrypt_type=aes&msg_signature=" + msgSignature;
    Map<String, String> fields = PushXml.parse(plainXml);
    String to = "<ToUserName><![CDATA[" + fields.get("ToUserName") + "]]></ToUserName>";
    String body = mode == WeChatAccount.MessageMode.SAFE
        ? "<xml>" + to + "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"
        : plainXml.replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
    return new Push(query, body);
  }

  /**
   * Opens a passive reply as WeChat would: {@code success} or empty gives an empty map; an encrypted
   * envelope is verified and decrypted; plaintext XML is parsed.
   *
   * @throws CallbackRejectedException when the envelope's signature or ciphertext is wrong
   */
  public Map<String, String> openReply(String body) {
    if (body == null || body.isEmpty() || body.equals("success")) {
      return Map.of();
    }
    Map<String, String> fields = PushXml.parse(body);
    String encrypt = fields.get("Encrypt");
    if (encrypt == null) {
      return fields;
    }
    String expected = Signatures.msgSignature(account.token(), fields.get("TimeStamp"), fields.get("Nonce"), encrypt);
    if (!Signatures.matches(expected, fields.get("MsgSignature"))) {
      throw new CallbackRejectedException(RejectReason.SIGNATURE_INVALID, "reply MsgSignature");
    }
    return PushXml.parse(crypto.decrypt(encrypt));
  }
}
