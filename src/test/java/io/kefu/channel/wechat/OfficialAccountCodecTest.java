package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfficialAccountCodecTest {
  private static final WeChatVectors SPAM = WeChatVectors.named("mp-spamtest-post");

  private static OfficialAccountCodec codec(MessageMode mode, String token, String key, String appId, long now) {
    WeChatAccount account = new WeChatAccount("demo", appId, token, key, "secret", mode, false);
    return new OfficialAccountCodec(account, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC),
        Duration.ofMinutes(5));
  }

  private static OfficialAccountCodec spamtest(MessageMode mode) {
    return codec(mode, SPAM.token(), SPAM.encodingAesKey(), SPAM.receiveId(), Long.parseLong(SPAM.timestamp()));
  }

  @Test
  void urlVerificationEchoesTheOfficialExample() {
    OfficialAccountCodec codec = codec(MessageMode.SAFE, "AAAAA", SPAM.encodingAesKey(), "wx1", 1714036504L);
    Map<String, String> q = Map.of("signature", "f464b24fc39322e44b38aa78f5edd27bd1441696",
        "timestamp", "1714036504", "nonce", "1514711492", "echostr", "4375120948345356249");
    assertThat(codec.verifyUrl(q::get)).isEqualTo("4375120948345356249");
    Map<String, String> forged = new HashMap<>(q);
    forged.put("signature", "0000000000000000000000000000000000000000");
    assertThatThrownBy(() -> codec.verifyUrl(forged::get)).isInstanceOfSatisfying(CallbackRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.SIGNATURE_INVALID));
  }

  @Test
  void compatibleModePushOfTheOfficialSampleDecodes() {
    String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
        + "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content>"
        + "<MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[" + SPAM.encrypt() + "]]></Encrypt></xml>";
    Map<String, String> q = Map.of("signature", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a", "timestamp", SPAM.timestamp(),
        "nonce", SPAM.nonce(), "encrypt_type", "aes", "msg_signature", SPAM.msgSignature());
    DecodedPush push = spamtest(MessageMode.COMPATIBLE).decode(q::get, body);
    assertThat(push.encrypted()).isTrue();
    assertThat(push.message()).isInstanceOfSatisfying(InboundMessage.Text.class, t -> {
      assertThat(t.content()).isEqualTo("abcdteT");
      assertThat(t.header().msgId()).isEqualTo("6054768590064713728");
    });
  }

  @Test
  void safeModePushWithForgedMsgSignatureIsRefused() {
    String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + SPAM.encrypt()
        + "]]></Encrypt></xml>";
    Map<String, String> q = Map.of("signature", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a", "timestamp", SPAM.timestamp(),
        "nonce", SPAM.nonce(), "encrypt_type", "aes", "msg_signature", "5d197aaffba7e9b25a30732f161a50dee96bd5fb");
    assertThatThrownBy(() -> spamtest(MessageMode.SAFE).decode(q::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.SIGNATURE_INVALID));
  }

  @Test
  void plaintextPushIsRefusedBySafeAccountAndAcceptedByPlaintextAccount() {
    long now = 1714037059L;
    String body = "<xml><ToUserName>gh_1</ToUserName><FromUserName>oU</FromUserName><CreateTime>1714037059</CreateTime>"
        + "<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>";
    Map<String, String> q = Map.of("signature", "899cf89e464efb63f54ddac96b0a0a235f53aa78", "timestamp", "1714037059",
        "nonce", "486452656", "openid", "oU");
    assertThatThrownBy(() -> codec(MessageMode.SAFE, "AAAAA", SPAM.encodingAesKey(), "wx1", now).decode(q::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.MODE_NOT_ALLOWED));
    DecodedPush push = codec(MessageMode.PLAINTEXT, "AAAAA", null, "wx1", now).decode(q::get, body);
    assertThat(push.encrypted()).isFalse();
    assertThat(((InboundMessage.Text) push.message()).content()).isEqualTo("hi");
  }

  @Test
  void staleTimestampIsRefusedAsReplay() {
    OfficialAccountCodec codec = codec(MessageMode.PLAINTEXT, "AAAAA", null, "wx1", 1714037059L + 301);
    Map<String, String> q = Map.of("signature", "899cf89e464efb63f54ddac96b0a0a235f53aa78", "timestamp", "1714037059",
        "nonce", "486452656");
    assertThatThrownBy(() -> codec.decode(q::get, "<xml/>"))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_SKEW));
  }

  @Test
  void encryptedReplyEnvelopeVerifiesAndDecryptsOnTheWeChatSide() {
    OfficialAccountCodec codec = spamtest(MessageMode.SAFE);
    String reply = ReplyXml.text("oyORnuP8q7ou2gfYjqLzSIWZf0rs", "gh_10f6c3c3ac5a", 1409735670L, "您好，已收到");
    String envelope = codec.encodeReply(reply, true, "nonce123");
    Map<String, String> f = PushXml.parse(envelope);
    assertThat(f.get("Nonce")).isEqualTo("nonce123");
    assertThat(f.get("MsgSignature"))
        .isEqualTo(Signatures.msgSignature(SPAM.token(), f.get("TimeStamp"), "nonce123", f.get("Encrypt")));
    assertThat(SPAM.crypto().decrypt(f.get("Encrypt"))).isEqualTo(reply);
    assertThat(codec.encodeReply(reply, false, "n")).isEqualTo(reply);
  }

  @Test
  void cdataTerminatorInsideReplyTextSurvives() {
    String reply = ReplyXml.text("o", "gh", 1, "a]]>b");
    assertThat(PushXml.parse(reply).get("Content")).isEqualTo("a]]>b");
  }
}
