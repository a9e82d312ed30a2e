package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.OutboundMessage.Article;
import io.kefu.channel.wechat.OutboundMessage.Image;
import io.kefu.channel.wechat.OutboundMessage.MenuItem;
import io.kefu.channel.wechat.OutboundMessage.MsgMenu;
import io.kefu.channel.wechat.OutboundMessage.News;
import io.kefu.channel.wechat.OutboundMessage.Text;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundMessageTest {

  @Test
  void imageEncodesItsMediaId() {
    assertThat(new Image("MEDIA").toCustomSendJson("o1", null)).isEqualTo(new JsonObject(
        "{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"MEDIA\"}}"));
  }

  @Test
  void newsEncodesArticlesWithWeChatsFieldNamesAndSkipsMissingOptionalFields() {
    News news = new News(List.of(new Article("T", "D", "https://u", "https://p"), new Article("T2", null, null, null)));
    assertThat(news.toCustomSendJson("o1", null)).isEqualTo(new JsonObject(
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":["
            + "{\"title\":\"T\",\"description\":\"D\",\"url\":\"https://u\",\"picurl\":\"https://p\"},"
            + "{\"title\":\"T2\"}]}}"));
  }

  @Test
  void msgMenuEncodesHeadListAndTail() {
    MsgMenu menu = new MsgMenu("Satisfied?", List.of(new MenuItem("101", "Yes"), new MenuItem("102", "No")), "Thanks");
    assertThat(menu.toCustomSendJson("o1", "kf@gh")).isEqualTo(new JsonObject(
        "{\"touser\":\"o1\",\"msgtype\":\"msgmenu\",\"msgmenu\":{\"head_content\":\"Satisfied?\","
            + "\"list\":[{\"id\":\"101\",\"content\":\"Yes\"},{\"id\":\"102\",\"content\":\"No\"}],"
            + "\"tail_content\":\"Thanks\"},\"customservice\":{\"kf_account\":\"kf@gh\"}}"));
  }

  @Test
  void emptyContentIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> new Text(" ")).hasMessage("text content must not be empty");
    assertThatThrownBy(() -> new Image("")).hasMessage("image media id must not be empty");
    assertThatThrownBy(() -> new News(List.of())).hasMessage("news needs at least one article");
    assertThatThrownBy(() -> new MsgMenu("h", List.of(), "t")).hasMessage("menu message needs at least one item");
    assertThatThrownBy(() -> new MenuItem("1", "")).hasMessage("menu item content must not be empty");
    assertThatThrownBy(() -> new Text("hi").toCustomSendJson("", null)).hasMessage("openId must not be empty");
  }

  @Test
  void textLimitCountsUtf8BytesNotCharacters() {
    assertThat(Text.fits("好".repeat(682))).isTrue(); // 2046 bytes
    assertThat(Text.fits("好".repeat(683))).isFalse(); // 2049 bytes, only 683 characters
    assertThatThrownBy(() -> new Text("好".repeat(683)))
        .hasMessage("text content is 2049 bytes in UTF-8; WeChat custom/send accepts at most 2048");
  }
}
