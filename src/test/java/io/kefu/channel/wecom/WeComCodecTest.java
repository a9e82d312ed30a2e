package io.kefu.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.CallbackRejectedException;
import io.kefu.channel.wechat.DecodedPush;
import io.kefu.channel.wechat.InboundMessage;
import io.kefu.channel.wechat.QueryParams;
import io.kefu.channel.wechat.RejectReason;
import io.kefu.channel.wechat.ReplyXml;
import io.kefu.channel.wechat.WeChatVectors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WeCom callback codec against Tencent's published WeCom vectors, and round trips with {@link WeComPeer}. */
class WeComCodecTest {

  private static WeComCodec codec(WeChatVectors v, String corpId, boolean json) {
    WeComApp app = new WeComApp("app", corpId, 1000002, v.token(), v.encodingAesKey(), "secret", json);
    return new WeComCodec(app, Clock.fixed(Instant.ofEpochSecond(Long.parseLong(v.timestamp())), ZoneOffset.UTC),
        Duration.ofMinutes(5));
  }

  private static Map<String, String> query(WeChatVectors v, boolean echo) {
    Map<String, String> q = new HashMap<>(Map.of("msg_signature", v.msgSignature(), "timestamp", v.timestamp(),
        "nonce", v.nonce()));
    if (echo) {
      q.put("echostr", v.encrypt());
    }
    return q;
  }

  @ParameterizedTest
  @ValueSource(strings = {"wecom-verifyurl", "wecom-legacy-verifyurl"})
  void urlVerificationAnswersTheOfficialPlaintext(String name) {
    WeChatVectors v = WeChatVectors.named(name);
    assertThat(codec(v, v.receiveId(), false).verifyUrl(query(v, true)::get)).isEqualTo(v.expectedPlaintext());
  }

  @Test
  void urlVerificationThroughTheRawQueryKeepsThePlusSigns() {
    WeChatVectors v = WeChatVectors.named("wecom-verifyurl");
    String raw = "msg_signature=" + v.msgSignature() + "&timestamp=" + v.timestamp() + "&nonce=" + v.nonce()
        + "&echostr=" + v.encrypt().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
    assertThat(codec(v, v.receiveId(), false).verifyUrl(QueryParams.parse(raw)::get)).isEqualTo("1288432023552776189");
    Map<String, String> spaced = query(v, true);
    spaced.put("echostr", v.encrypt().replace('+', ' '));
    assertThatThrownBy(() -> codec(v, v.receiveId(), false).verifyUrl(spaced::get))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.SIGNATURE_INVALID));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wecom-post", "wecom-legacy-post"})
  void officialPostDecodesToTheMembersText(String name) {
    WeChatVectors v = WeChatVectors.named(name);
    String body = "<xml><ToUserName><![CDATA[" + v.receiveId() + "]]></ToUserName><Encrypt><![CDATA["
        + v.encrypt() + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
    DecodedPush push = codec(v, v.receiveId(), false).decode(query(v, false)::get, body);
    assertThat(push.encrypted()).isTrue();
    assertThat(push.json()).isFalse();
    InboundMessage.Text text = (InboundMessage.Text) push.message();
    boolean current = name.equals("wecom-post");
    assertThat(text.content()).isEqualTo(current ? "你好" : "hello");
    assertThat(text.header().fromUser()).isEqualTo(current ? "ChenJiaShun" : "mycreate");
    assertThat(text.header().toUser()).isEqualTo(v.receiveId());
    assertThat(text.header().msgId()).isEqualTo(current ? "1456453720" : "4561255354251345929");
  }

  @Test
  void anotherCorpsCiphertextIsRefusedAsReceiveIdMismatch() {
    WeChatVectors v = WeChatVectors.named("wecom-verifyurl");
    assertThatThrownBy(() -> codec(v, "ww0000000000000000", false).verifyUrl(query(v, true)::get))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.RECEIVE_ID_MISMATCH));
  }

  @Test
  void tamperedCiphertextAndStaleTimestampAreRefused() {
    WeChatVectors v = WeChatVectors.named("wecom-post");
    String flipped = (v.encrypt().charAt(0) == 'K' ? "L" : "K") + v.encrypt().substring(1);
    String body = "<xml><Encrypt><![CDATA[" + flipped + "]]></Encrypt></xml>";
    assertThatThrownBy(() -> codec(v, v.receiveId(), false).decode(query(v, false)::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.SIGNATURE_INVALID));
    WeComApp app = new WeComApp("app", v.receiveId(), 1, v.token(), v.encodingAesKey(), "s", false);
    WeComCodec later = new WeComCodec(app, Clock.fixed(Instant.ofEpochSecond(Long.parseLong(v.timestamp()) + 600),
        ZoneOffset.UTC), Duration.ofMinutes(5));
    assertThatThrownBy(() -> later.decode(query(v, false)::get, "<xml><Encrypt>" + v.encrypt() + "</Encrypt></xml>"))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_SKEW));
  }

  @Test
  void doctypeInTheOuterBodyIsRefused() {
    WeChatVectors v = WeChatVectors.named("wecom-post");
    String body = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&e;</Encrypt></xml>";
    assertThatThrownBy(() -> codec(v, v.receiveId(), false).decode(query(v, false)::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.DOCTYPE_FORBIDDEN));
  }

  @Test
  void officialJsonSampleDecryptsByteExactAndItsBrokenJsonIsRefused() {
    WeChatVectors v = WeChatVectors.named("wecom-json-sample");
    assertThat(v.crypto().decrypt(v.encrypt())).isEqualTo(v.expectedPlaintext());
    String body = "{\"tousername\":\"" + v.receiveId() + "\",\"encrypt\":\"" + v.encrypt() + "\",\"agentid\":218}";
    // the published sample's plaintext has a typo (": mycreate\""), so it is not JSON: refused, not guessed at
    assertThatThrownBy(() -> codec(v, v.receiveId(), true).decode(query(v, false)::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.XML_INVALID));
    // an app not configured for JSON treats the body as XML and refuses it as such
    assertThatThrownBy(() -> codec(v, v.receiveId(), false).decode(query(v, false)::get, body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.XML_INVALID));
  }

  @Test
  void peerPushesDecodeAndEncryptedRepliesOpenInXmlAndJson() {
    long now = 1_800_000_000L;
    WeComApp app = new WeComApp("shop", "ww1436e0e65a779aee", 1000002, "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
        "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "secret", true);
    WeComCodec codec = new WeComCodec(app, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC),
        Duration.ofMinutes(5));
    WeComPeer peer = new WeComPeer(app);

    WeComPeer.Push xml = peer.push(WeComPeer.textXml(app.corpId(), "LiLei", now, "退货 ]]> 怎么办", 42, 1000002), now);
    DecodedPush decoded = codec.decode(QueryParams.parse(xml.query())::get, xml.body());
    assertThat(((InboundMessage.Text) decoded.message()).content()).isEqualTo("退货 ]]> 怎么办");
    String reply = ReplyXml.text("LiLei", app.corpId(), now, "好的");
    Map<String, String> opened = peer.openReply(codec.encodeReply(reply, decoded));
    assertThat(opened).containsEntry("Content", "好的").containsEntry("ToUserName", "LiLei");

    String json = "{\"ToUserName\":\"" + app.corpId() + "\",\"FromUserName\":\"LiLei\",\"CreateTime\":" + now
        + ",\"MsgType\":\"text\",\"Content\":\"你好\",\"MsgId\":43,\"AgentID\":1000002}";
    WeComPeer.Push jsonPush = peer.pushJson(json, now);
    DecodedPush fromJson = codec.decode(QueryParams.parse(jsonPush.query())::get, jsonPush.body());
    assertThat(fromJson.json()).isTrue();
    assertThat(((InboundMessage.Text) fromJson.message()).content()).isEqualTo("你好");
    String jsonEnvelope = codec.encodeReply(reply, fromJson);
    assertThat(jsonEnvelope).startsWith("{").contains("\"msgsignature\"");
    assertThat(peer.openReply(jsonEnvelope)).containsEntry("Content", "好的");
  }

  @Test
  void kfDoorbellHasItsAccountAsSenderAndCarriesTheToken() {
    long now = 1_800_000_000L;
    WeComApp app = new WeComApp("shop", "wwcorp", 1, "token123", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "s",
        false);
    WeComCodec codec = new WeComCodec(app, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC),
        Duration.ofMinutes(5));
    WeComPeer.Push push = new WeComPeer(app).push(WeComPeer.kfEventXml("wwcorp", now, "ENCtoken", "wk123"), now);
    InboundMessage.Event event = (InboundMessage.Event) codec.decode(QueryParams.parse(push.query())::get,
        push.body()).message();
    assertThat(event.event()).isEqualTo(WeComCodec.KF_EVENT);
    assertThat(event.header().fromUser()).isEqualTo("wk123");
    assertThat(event.fields()).containsEntry("Token", "ENCtoken").containsEntry("OpenKfId", "wk123");
  }

  @Test
  void appEventsInLowerCaseAndImagesAreTyped() {
    long now = 1_800_000_000L;
    WeComApp app = new WeComApp("shop", "wwcorp", 5, "token123", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "s",
        false);
    WeComCodec codec = new WeComCodec(app, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC),
        Duration.ofMinutes(5));
    WeComPeer peer = new WeComPeer(app);
    String click = "<xml><ToUserName>wwcorp</ToUserName><FromUserName>LiLei</FromUserName><CreateTime>" + now
        + "</CreateTime><MsgType>event</MsgType><Event>click</Event><EventKey>ORDERS</EventKey><AgentID>5</AgentID></xml>";
    WeComPeer.Push clickPush = peer.push(click, now);
    InboundMessage.Event event = (InboundMessage.Event) codec.decode(QueryParams.parse(clickPush.query())::get,
        clickPush.body()).message();
    assertThat(event.kind()).isEqualTo(InboundMessage.EventKind.CLICK);
    assertThat(event.eventKey()).isEqualTo("ORDERS");
    String image = "<xml><ToUserName>wwcorp</ToUserName><FromUserName>LiLei</FromUserName><CreateTime>" + now
        + "</CreateTime><MsgType>image</MsgType><PicUrl>http://p/1.jpg</PicUrl><MediaId>MEDIA1</MediaId>"
        + "<MsgId>77</MsgId><AgentID>5</AgentID></xml>";
    WeComPeer.Push imagePush = peer.push(image, now);
    InboundMessage.Image picture = (InboundMessage.Image) codec.decode(QueryParams.parse(imagePush.query())::get,
        imagePush.body()).message();
    assertThat(picture.mediaId()).isEqualTo("MEDIA1");
    assertThat(picture.dedupKey()).isEqualTo("m77");
  }
}
