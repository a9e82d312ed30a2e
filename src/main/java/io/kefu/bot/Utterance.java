package io.kefu.bot;

/** What the customer did, in channel-neutral terms. */
public sealed interface Utterance {

  /** Typed text, or speech WeChat already recognised. */
  record Text(String text) implements Utterance {
  }

  /** A picture, voice note without recognition, video, location, link, file … */
  record Media(MediaKind kind, String description) implements Utterance {
  }

  /** Followed the account or opened the chat; {@code scene} is the QR scene or entry point, may be empty. */
  record Follow(String scene) implements Utterance {
  }

  record Unfollow() implements Utterance {
  }

  /** Clicked a menu item with this key. */
  record MenuClick(String key) implements Utterance {
  }

  /** Any other event; nothing to answer. */
  record OtherEvent(String name) implements Utterance {
  }

  enum MediaKind { IMAGE, VOICE, VIDEO, LOCATION, LINK, OTHER }
}
