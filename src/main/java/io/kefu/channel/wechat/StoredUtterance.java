package io.kefu.channel.wechat;

import io.kefu.bot.Utterance;

/**
 * An {@link Utterance} as one string, kept with a pending answer in Redis so that whichever node sends that answer
 * can ask the bot again: a tag, then the fields, separated by U+001F (which WeChat text cannot carry meaningfully).
 */
public final class StoredUtterance {
  private static final char SEP = '\u001f';

  private StoredUtterance() {
  }

  public static String encode(Utterance utterance) {
    if (utterance instanceof Utterance.Text t) {
      return "text" + SEP + t.text();
    }
    if (utterance instanceof Utterance.Media m) {
      return "media" + SEP + m.kind().name() + SEP + m.description();
    }
    if (utterance instanceof Utterance.Follow f) {
      return "follow" + SEP + f.scene();
    }
    if (utterance instanceof Utterance.Unfollow) {
      return "unfollow";
    }
    if (utterance instanceof Utterance.MenuClick c) {
      return "click" + SEP + c.key();
    }
    return "event" + SEP + ((Utterance.OtherEvent) utterance).name();
  }

  /** The utterance {@link #encode} wrote; anything unreadable becomes an {@link Utterance.OtherEvent}. */
  public static Utterance decode(String stored) {
    int first = stored.indexOf(SEP);
    String tag = first < 0 ? stored : stored.substring(0, first);
    String rest = first < 0 ? "" : stored.substring(first + 1);
    return switch (tag) {
      case "text" -> new Utterance.Text(rest);
      case "media" -> {
        int second = rest.indexOf(SEP);
        Utterance.MediaKind kind;
        try {
          kind = Utterance.MediaKind.valueOf(second < 0 ? rest : rest.substring(0, second));
        } catch (IllegalArgumentException e) {
          kind = Utterance.MediaKind.OTHER;
        }
        yield new Utterance.Media(kind, second < 0 ? "" : rest.substring(second + 1));
      }
      case "follow" -> new Utterance.Follow(rest);
      case "unfollow" -> new Utterance.Unfollow();
      case "click" -> new Utterance.MenuClick(rest);
      default -> new Utterance.OtherEvent(rest.isEmpty() ? stored : rest);
    };
  }
}
