package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushXmlTest {

  @Test
  void readsCdataAndPlainTextFields() {
    Map<String, String> f = PushXml.parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName>"
        + "<CreateTime>1700000000</CreateTime><Content><![CDATA[ 你好 <b>]]></Content></xml>");
    assertThat(f).containsEntry("ToUserName", "gh_1").containsEntry("CreateTime", "1700000000")
        .containsEntry("Content", " 你好 <b>");
  }

  @Test
  void flattensNestedElements() {
    Map<String, String> f = PushXml.parse("<xml><Event>scancode_push</Event>"
        + "<ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo></xml>");
    assertThat(f).containsEntry("ScanCodeInfo.ScanType", "qrcode").containsEntry("ScanCodeInfo.ScanResult", "1");
  }

  @Test
  void refusesExternalEntityAttack() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<xml><Content>&x;</Content></xml>";
    assertThatThrownBy(() -> PushXml.parse(xxe))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.DOCTYPE_FORBIDDEN));
  }

  @Test
  void refusesBillionLaughsEvenWithOddCasing() {
    String bomb = "<!DocType lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><xml>&lol2;</xml>";
    assertThatThrownBy(() -> PushXml.parse(bomb)).isInstanceOf(CallbackRejectedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not xml", "<xml><a></xml>", "<xml></xml><xml></xml>",
      "<xml><a><b><c><d><e>deep</e></d></c></b></a></xml>", "<xml><a>&undefined;</a></xml>"})
  void refusesMalformedOrOddlyShapedXml(String body) {
    assertThatThrownBy(() -> PushXml.parse(body))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isIn(RejectReason.XML_INVALID, RejectReason.DOCTYPE_FORBIDDEN));
  }
}
