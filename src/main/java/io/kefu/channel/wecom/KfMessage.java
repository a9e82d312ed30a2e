package io.kefu.channel.wecom;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One item of a {@code kf/sync_msg} page (protocol note §5.6.3–4): a message or an event.
 *
 * @param msgId          WeCom's id of it, unique per kf account (dedup key across cursor replays)
 * @param externalUserId the customer; for events it comes from inside {@code event}
 * @param origin         {@link #CUSTOMER}, {@link #SYSTEM} (events) or {@link #SERVICER}
 * @param servicer       the WeCom servicer who wrote it ({@link #SERVICER} items), "" otherwise
 * @param fields         everything it carried, flattened ({@code text.content}, {@code event.event_type} …)
 */
public record KfMessage(String msgId, String openKfId, String externalUserId, long sendTime, int origin,
                        String servicer, String msgType, Map<String, String> fields) {
  public static final int CUSTOMER = 3;
  public static final int SYSTEM = 4;
  public static final int SERVICER = 5;

  static KfMessage of(JsonObject json) {
    JsonObject event = json.getJsonObject("event", new JsonObject());
    String user = json.getString("external_userid", event.getString("external_userid", ""));
    String kf = json.getString("open_kfid", event.getString("open_kfid", ""));
    return new KfMessage(json.getString("msgid", ""), kf, user, json.getLong("send_time", 0L),
        json.getInteger("origin", 0), json.getString("servicer_userid", ""), json.getString("msgtype", ""),
        Map.copyOf(JsonFields.flatten(json)));
  }

  public boolean isEvent() {
    return "event".equals(msgType);
  }

  /** {@code enter_session}, {@code session_status_change} …; "" for messages. */
  public String eventType() {
    return fields.getOrDefault("event.event_type", "");
  }

  public String field(String name) {
    return fields.getOrDefault(name, "");
  }

  /** The text a transcript shows: the content of a text, a short label for anything else. */
  public String displayText() {
    return switch (msgType) {
      case "text" -> field("text.content");
      case "image" -> "[图片]";
      case "voice" -> "[语音]";
      case "video" -> "[视频]";
      case "file" -> "[文件]";
      case "location" -> "[位置] " + field("location.name") + " " + field("location.address");
      case "link" -> "[链接] " + field("link.title");
      case "miniprogram" -> "[小程序] " + field("miniprogram.title");
      case "event" -> "[事件] " + eventType();
      default -> "[" + msgType + "]";
    };
  }
}
