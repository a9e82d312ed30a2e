package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.bot.Utterance;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredUtteranceTest {

  @Test
  void everyKindOfUtteranceSurvivesTheRoundTrip() {
    List<Utterance> utterances = List.of(new Utterance.Text("我的快递到哪了？ 订单 E2024"),
        new Utterance.Text(""), new Utterance.Media(Utterance.MediaKind.LOCATION, "上海市 · 静安区"),
        new Utterance.Media(Utterance.MediaKind.IMAGE, ""), new Utterance.Follow("qr_campaign"),
        new Utterance.Follow(""), new Utterance.Unfollow(), new Utterance.MenuClick("MENU_ORDER"),
        new Utterance.OtherEvent("VIEW"));
    for (Utterance u : utterances) {
      assertThat(StoredUtterance.decode(StoredUtterance.encode(u))).as(u.toString()).isEqualTo(u);
    }
  }

  @Test
  void anUnreadableStoredValueBecomesAnEventNotAnError() {
    assertThat(StoredUtterance.decode("garbage")).isEqualTo(new Utterance.OtherEvent("garbage"));
    assertThat(StoredUtterance.decode("media\u001fNOPE\u001fx"))
        .isEqualTo(new Utterance.Media(Utterance.MediaKind.OTHER, "x"));
  }
}
