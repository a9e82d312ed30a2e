package io.kefu.conversation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to a {@link CustomerProfile}: every null field is left unchanged. In {@code tags}, a null or empty
 * value removes that tag; other tags are kept. {@code note = ""} clears the note.
 */
public record ProfilePatch(String nickname, String tier, Boolean vip, String stage, Map<String, String> tags,
                           String note) {

  public ProfilePatch {
    // LinkedHashMap because null values (= remove) must survive the copy
    tags = tags == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  public static ProfilePatch empty() {
    return new ProfilePatch(null, null, null, null, null, null);
  }

  public ProfilePatch withNickname(String value) {
    return new ProfilePatch(value, tier, vip, stage, tags, note);
  }

  public ProfilePatch withTier(String value) {
    return new ProfilePatch(nickname, value, vip, stage, tags, note);
  }

  public ProfilePatch withVip(Boolean value) {
    return new ProfilePatch(nickname, tier, value, stage, tags, note);
  }

  public ProfilePatch withStage(String value) {
    return new ProfilePatch(nickname, tier, vip, value, tags, note);
  }

  public ProfilePatch withTags(Map<String, String> value) {
    return new ProfilePatch(nickname, tier, vip, stage, value, note);
  }

  public ProfilePatch withNote(String value) {
    return new ProfilePatch(nickname, tier, vip, stage, tags, value);
  }

  public boolean isEmpty() {
    return nickname == null && tier == null && vip == null && stage == null && (tags == null || tags.isEmpty())
        && note == null;
  }

  /** A tag value that removes the tag instead of setting it. */
  public static boolean removesTag(String value) {
    return value == null || value.isEmpty();
  }
}
