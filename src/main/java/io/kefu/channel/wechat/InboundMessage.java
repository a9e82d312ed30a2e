package io.kefu.channel.wechat;

import java.util.Map;

/**
 * A user message or event pushed to an Official Account (protocol note §1.5–1.7). {@link Header}
 * holds the fields every push has; the records add the type-specific ones.
 */
public sealed interface InboundMessage {

  Header header();

  /** Key that identifies this push across WeChat's retries (unique per sender). */
  String dedupKey();

  /** @param toUser account original id ({@code gh_…}); @param fromUser user OpenID; @param msgId null for events */
  record Header(String toUser, String fromUser, long createTime, String msgType, String msgId) {
  }

  /** A message the user wrote or sent (as opposed to an event); dedup by MsgId. */
  sealed interface UserMessage extends InboundMessage {
    @Override
    default String dedupKey() {
      return "m" + header().msgId();
    }
  }

  record Text(Header header, String content) implements UserMessage {
  }

  record Image(Header header, String picUrl, String mediaId) implements UserMessage {
  }

  /** {@code recognition} is WeChat's speech-to-text result, often empty. */
  record Voice(Header header, String mediaId, String format, String recognition) implements UserMessage {
  }

  /** Both {@code video} and {@code shortvideo}. */
  record Video(Header header, String mediaId, String thumbMediaId, boolean shortVideo) implements UserMessage {
  }

  record Location(Header header, double latitude, double longitude, int scale, String label) implements UserMessage {
  }

  record Link(Header header, String title, String description, String url) implements UserMessage {
  }

  /** A message type this version does not know; kept whole so nothing is lost. */
  record Other(Header header, Map<String, String> fields) implements UserMessage {
  }

  /** An event; {@code fields} keeps everything the push carried. Dedup by CreateTime + Event + EventKey. */
  record Event(Header header, String event, String eventKey, Map<String, String> fields) implements InboundMessage {
    @Override
    public String dedupKey() {
      return "e" + header.createTime() + ":" + event + ":" + eventKey;
    }

    public EventKind kind() {
      return EventKind.of(event);
    }
  }

  /** Events Kefu reacts to; everything else is {@link #OTHER} and answered politely. */
  enum EventKind {
    SUBSCRIBE, UNSUBSCRIBE, SCAN, LOCATION, CLICK, VIEW, OTHER;

    static EventKind of(String event) {
      if (event == null) {
        return OTHER;
      }
      return switch (event) {
        case "subscribe" -> SUBSCRIBE;
        case "unsubscribe" -> UNSUBSCRIBE;
        case "SCAN" -> SCAN;
        case "LOCATION" -> LOCATION;
        case "CLICK", "click" -> CLICK; // WeCom writes its menu events in lower case
        case "VIEW", "view" -> VIEW;
        default -> OTHER;
      };
    }
  }

  /**
   * Builds the typed message from the fields of a decrypted push.
   *
   * @throws CallbackRejectedException {@link RejectReason#FIELD_MISSING} when a required header
   *                                   field is absent or malformed
   */
  static InboundMessage of(Map<String, String> f) {
    String msgType = required(f, "MsgType");
    String msgId = f.containsKey("MsgId") ? f.get("MsgId") : f.get("MsgID");
    if (msgId != null) {
      msgId = msgId.strip();
      if (!msgId.chars().allMatch(Character::isDigit) || msgId.isEmpty() || msgId.length() > 20) {
        throw new CallbackRejectedException(RejectReason.FIELD_MISSING, "MsgId is not a 64-bit number");
      }
    }
    Header header = new Header(required(f, "ToUserName"), required(f, "FromUserName"),
        longField(f, "CreateTime"), msgType, msgId);
    if (msgType.equals("event")) {
      return new Event(header, required(f, "Event"), f.getOrDefault("EventKey", ""), Map.copyOf(f));
    }
    if (msgId == null) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, "MsgId missing on a " + msgType + " message");
    }
    return switch (msgType) {
      case "text" -> new Text(header, f.getOrDefault("Content", ""));
      case "image" -> new Image(header, f.get("PicUrl"), f.get("MediaId"));
      case "voice" -> new Voice(header, f.get("MediaId"), f.get("Format"), f.getOrDefault("Recognition", ""));
      case "video", "shortvideo" -> new Video(header, f.get("MediaId"), f.get("ThumbMediaId"),
          msgType.equals("shortvideo"));
      case "location" -> new Location(header, doubleField(f, "Location_X"), doubleField(f, "Location_Y"),
          (int) optionalLong(f, "Scale"), f.getOrDefault("Label", ""));
      case "link" -> new Link(header, f.getOrDefault("Title", ""), f.getOrDefault("Description", ""),
          f.getOrDefault("Url", ""));
      default -> new Other(header, Map.copyOf(f));
    };
  }

  private static String required(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null || value.isBlank()) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, name);
    }
    return value.strip();
  }

  private static long longField(Map<String, String> f, String name) {
    try {
      return Long.parseLong(required(f, name));
    } catch (NumberFormatException e) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, name + " is not a number");
    }
  }

  private static long optionalLong(Map<String, String> f, String name) {
    String value = f.get(name);
    return value == null || value.isBlank() ? 0 : longField(f, name);
  }

  private static double doubleField(Map<String, String> f, String name) {
    try {
      return Double.parseDouble(required(f, name));
    } catch (NumberFormatException e) {
      throw new CallbackRejectedException(RejectReason.FIELD_MISSING, name + " is not a number");
    }
  }
}
