package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.InboundMessage.EventKind;
import org.junit.jupiter.api.Test;

class InboundMessageTest {

  private static InboundMessage parse(String body) {
    return InboundMessage.of(PushXml.parse("<xml><ToUserName><![CDATA[gh_abc]]></ToUserName>"
        + "<FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>" + body + "</xml>"));
  }

  @Test
  void text() {
    InboundMessage m = parse("<MsgType>text</MsgType><Content>我要退货</Content><MsgId>24500000000000000123</MsgId>");
    assertThat(m).isInstanceOfSatisfying(InboundMessage.Text.class, t -> {
      assertThat(t.content()).isEqualTo("我要退货");
      assertThat(t.header().msgId()).isEqualTo("24500000000000000123");
      assertThat(t.header().fromUser()).isEqualTo("oUser");
    });
    assertThat(m.dedupKey()).isEqualTo("m24500000000000000123");
  }

  @Test
  void imageVoiceWithRecognitionVideoAndShortVideo() {
    assertThat(parse("<MsgType>image</MsgType><PicUrl>http://p</PicUrl><MediaId>m1</MediaId><MsgId>1</MsgId>"))
        .isEqualTo(new InboundMessage.Image(header("image", "1"), "http://p", "m1"));
    assertThat(parse("<MsgType>voice</MsgType><MediaId>m2</MediaId><Format>amr</Format>"
        + "<Recognition>查一下物流</Recognition><MsgId>2</MsgId>"))
        .isEqualTo(new InboundMessage.Voice(header("voice", "2"), "m2", "amr", "查一下物流"));
    assertThat(parse("<MsgType>video</MsgType><MediaId>m3</MediaId><ThumbMediaId>t3</ThumbMediaId><MsgId>3</MsgId>"))
        .isEqualTo(new InboundMessage.Video(header("video", "3"), "m3", "t3", false));
    assertThat(parse("<MsgType>shortvideo</MsgType><MediaId>m4</MediaId><ThumbMediaId>t4</ThumbMediaId><MsgId>4</MsgId>"))
        .isEqualTo(new InboundMessage.Video(header("shortvideo", "4"), "m4", "t4", true));
  }

  @Test
  void locationAndLink() {
    assertThat(parse("<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y>"
        + "<Scale>20</Scale><Label>广州市天河区</Label><MsgId>5</MsgId>"))
        .isEqualTo(new InboundMessage.Location(header("location", "5"), 23.134521, 113.358803, 20, "广州市天河区"));
    assertThat(parse("<MsgType>link</MsgType><Title>标题</Title><Description>描述</Description>"
        + "<Url>https://example.com</Url><MsgId>6</MsgId>"))
        .isEqualTo(new InboundMessage.Link(header("link", "6"), "标题", "描述", "https://example.com"));
  }

  @Test
  void eventsOfEveryKindIncludingUnknownOnes() {
    InboundMessage subscribe = parse("<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_42</EventKey>");
    assertThat(subscribe).isInstanceOfSatisfying(InboundMessage.Event.class, e -> {
      assertThat(e.kind()).isEqualTo(EventKind.SUBSCRIBE);
      assertThat(e.eventKey()).isEqualTo("qrscene_42");
    });
    assertThat(subscribe.dedupKey()).isEqualTo("e1700000000:subscribe:qrscene_42");
    assertThat(((InboundMessage.Event) parse("<MsgType>event</MsgType><Event>unsubscribe</Event>")).kind())
        .isEqualTo(EventKind.UNSUBSCRIBE);
    assertThat(((InboundMessage.Event) parse("<MsgType>event</MsgType><Event>SCAN</Event><EventKey>7</EventKey>")).kind())
        .isEqualTo(EventKind.SCAN);
    assertThat(((InboundMessage.Event) parse("<MsgType>event</MsgType><Event>CLICK</Event><EventKey>MENU_HELP</EventKey>")).kind())
        .isEqualTo(EventKind.CLICK);
    assertThat(((InboundMessage.Event) parse("<MsgType>event</MsgType><Event>VIEW</Event><EventKey>https://x</EventKey>")).kind())
        .isEqualTo(EventKind.VIEW);
    InboundMessage.Event unknown = (InboundMessage.Event) parse(
        "<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><Status>success</Status>");
    assertThat(unknown.kind()).isEqualTo(EventKind.OTHER);
    assertThat(unknown.fields()).containsEntry("Status", "success");
  }

  @Test
  void unknownMessageTypeIsKeptWhole() {
    InboundMessage m = parse("<MsgType>miniprogrampage</MsgType><Title>x</Title><MsgId>9</MsgId>");
    assertThat(m).isInstanceOfSatisfying(InboundMessage.Other.class,
        o -> assertThat(o.fields()).containsEntry("Title", "x"));
  }

  @Test
  void missingOrMalformedHeaderFieldsAreRefused() {
    assertThatThrownBy(() -> InboundMessage.of(PushXml.parse("<xml><MsgType>text</MsgType></xml>")))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.FIELD_MISSING));
    assertThatThrownBy(() -> parse("<MsgType>text</MsgType><Content>x</Content>"))
        .hasMessageContaining("MsgId");
    assertThatThrownBy(() -> parse("<MsgType>text</MsgType><Content>x</Content><MsgId>12ab</MsgId>"))
        .hasMessageContaining("MsgId");
  }

  private static InboundMessage.Header header(String type, String msgId) {
    return new InboundMessage.Header("gh_abc", "oUser", 1700000000L, type, msgId);
  }
}
