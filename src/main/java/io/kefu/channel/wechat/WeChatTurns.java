package io.kefu.channel.wechat;

import io.kefu.bot.Utterance;
import io.kefu.conversation.TranscriptEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/** Translates Official Account pushes into Kefu's channel-neutral terms: transcript lines and bot turns. */
public final class WeChatTurns {
  private WeChatTurns() {
  }

  /** The customer's line in the transcript, keeping every field the push carried. */
  public static TranscriptEntry customerEntry(InboundMessage message, long atMillis) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("createTime", Long.toString(message.header().createTime()));
    String text;
    if (message instanceof InboundMessage.Text t) {
      text = t.content();
    } else if (message instanceof InboundMessage.Image i) {
      text = "[图片]";
      put(extra, "picUrl", i.picUrl());
      put(extra, "mediaId", i.mediaId());
    } else if (message instanceof InboundMessage.Voice v) {
      text = v.recognition().isBlank() ? "[语音]" : v.recognition();
      put(extra, "mediaId", v.mediaId());
      put(extra, "format", v.format());
      put(extra, "recognition", v.recognition());
    } else if (message instanceof InboundMessage.Video v) {
      text = v.shortVideo() ? "[小视频]" : "[视频]";
      put(extra, "mediaId", v.mediaId());
      put(extra, "thumbMediaId", v.thumbMediaId());
    } else if (message instanceof InboundMessage.Location l) {
      text = "[位置] " + l.label();
      extra.put("latitude", Double.toString(l.latitude()));
      extra.put("longitude", Double.toString(l.longitude()));
      extra.put("scale", Integer.toString(l.scale()));
    } else if (message instanceof InboundMessage.Link l) {
      text = "[链接] " + l.title();
      put(extra, "description", l.description());
      put(extra, "url", l.url());
    } else if (message instanceof InboundMessage.Event e) {
      text = "[事件] " + e.event() + (e.eventKey().isEmpty() ? "" : " " + e.eventKey());
      e.fields().forEach((k, v) -> put(extra, k, v));
    } else {
      text = "[" + message.header().msgType() + "]";
      ((InboundMessage.Other) message).fields().forEach((k, v) -> put(extra, k, v));
    }
    String kind = message.header().msgType();
    String msgId = message.header().msgId();
    return new TranscriptEntry(TranscriptEntry.Author.CUSTOMER, kind, text, msgId == null ? "" : msgId,
        atMillis, extra);
  }

  /** What the bot is asked to handle. */
  public static Utterance utterance(InboundMessage message) {
    if (message instanceof InboundMessage.Text t) {
      return new Utterance.Text(t.content());
    }
    if (message instanceof InboundMessage.Voice v) {
      return v.recognition().isBlank()
          ? new Utterance.Media(Utterance.MediaKind.VOICE, "voice")
          : new Utterance.Text(v.recognition());
    }
    if (message instanceof InboundMessage.Image) {
      return new Utterance.Media(Utterance.MediaKind.IMAGE, "image");
    }
    if (message instanceof InboundMessage.Video) {
      return new Utterance.Media(Utterance.MediaKind.VIDEO, "video");
    }
    if (message instanceof InboundMessage.Location l) {
      return new Utterance.Media(Utterance.MediaKind.LOCATION, l.label());
    }
    if (message instanceof InboundMessage.Link l) {
      return new Utterance.Media(Utterance.MediaKind.LINK, l.title());
    }
    if (message instanceof InboundMessage.Event e) {
      return switch (e.kind()) {
        case SUBSCRIBE -> new Utterance.Follow(e.eventKey().startsWith("qrscene_")
            ? e.eventKey().substring("qrscene_".length()) : e.eventKey());
        case UNSUBSCRIBE -> new Utterance.Unfollow();
        case CLICK -> new Utterance.MenuClick(e.eventKey());
        default -> new Utterance.OtherEvent(e.event());
      };
    }
    return new Utterance.Media(Utterance.MediaKind.OTHER, message.header().msgType());
  }

  /** Which customer-service window a push opens, or null when it opens none. */
  public static WindowTrigger windowTrigger(InboundMessage message) {
    if (message instanceof InboundMessage.UserMessage) {
      return WindowTrigger.USER_MESSAGE;
    }
    InboundMessage.Event e = (InboundMessage.Event) message;
    return switch (e.kind()) {
      case SUBSCRIBE -> WindowTrigger.SUBSCRIBE;
      case SCAN -> WindowTrigger.SCAN;
      case CLICK -> WindowTrigger.MENU_CLICK;
      default -> null;
    };
  }

  private static void put(Map<String, String> extra, String key, String value) {
    if (value != null && !value.isEmpty()) {
      extra.put(key, value);
    }
  }
}
