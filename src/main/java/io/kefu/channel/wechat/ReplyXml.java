package io.kefu.channel.wechat;

/** Builds passive-reply XML (protocol note §2.3, §2.5). */
public final class ReplyXml {
  private ReplyXml() {
  }

  /** A text reply: {@code toUser} is the user's OpenID, {@code fromUser} the account's {@code gh_} id. */
  public static String text(String toUser, String fromUser, long createTime, String content) {
    return "<xml><ToUserName>" + cdata(toUser) + "</ToUserName><FromUserName>" + cdata(fromUser)
        + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"
        + cdata(content) + "</Content></xml>";
  }

  /** Hands the user to WeChat's own 多客服 workbench. */
  public static String transferToCustomerService(String toUser, String fromUser, long createTime) {
    return "<xml><ToUserName>" + cdata(toUser) + "</ToUserName><FromUserName>" + cdata(fromUser)
        + "</FromUserName><CreateTime>" + createTime
        + "</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>";
  }

  /** The encrypted envelope that carries a reply in safe (and optionally compatible) mode. */
  public static String encryptedEnvelope(String encrypt, String msgSignature, long timestamp, String nonce) {
    return "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(msgSignature)
        + "</MsgSignature><TimeStamp>" + timestamp + "</TimeStamp><Nonce>" + cdata(nonce) + "</Nonce></xml>";
  }

  /** CDATA section; a literal {@code ]]>} inside the text is split across two sections. */
  public static String cdata(String text) {
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
  }
}
