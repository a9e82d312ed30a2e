package io.kefu.conversation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Kefu knows about one customer of one channel account.
 *
 * @param customerId {@code channel:account:openId}, see {@link #customerId(String, String, String)}
 * @param unionId    WeChat UnionID shared by the same person across accounts; null when unknown
 * @param nickname   "" when unknown
 * @param tier       membership tier, one of {@link CustomerSchema#tiers()}
 * @param vip        set by an agent; routing asks {@link CustomerSchema#vipFor(CustomerProfile)}, not this flag
 * @param stage      lifecycle stage, one of {@link CustomerSchema#stages()}
 * @param tags       tag dimension → value, in the schema's dimension order
 * @param note       agent note, "" when none
 * @param updatedAt  last change by an agent (epoch ms), 0 when never changed
 * @param updatedBy  who made that change, "" when never changed
 */
public record CustomerProfile(String customerId, String channel, String account, String openId, String unionId,
                              String nickname, String tier, boolean vip, String stage, Map<String, String> tags,
                              String note, long updatedAt, String updatedBy) {

  public CustomerProfile {
    Objects.requireNonNull(customerId, "customerId");
    nickname = nickname == null ? "" : nickname;
    note = note == null ? "" : note;
    updatedBy = updatedBy == null ? "" : updatedBy;
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
  }

  /** The parts of a customer id. */
  public record Identity(String channel, String account, String openId) {
    public Identity {
      requirePart("channel", channel, false);
      requirePart("account", account, false);
      requirePart("openId", openId, true);
    }

    public String customerId() {
      return channel + ":" + account + ":" + openId;
    }
  }

  /** {@code channel:account:openId}; channel and account must not contain ':'. */
  public static String customerId(String channel, String account, String openId) {
    return new Identity(channel, account, openId).customerId();
  }

  /** Splits a customer id; IllegalArgumentException when it is not {@code channel:account:openId}. */
  public static Identity parseId(String customerId) {
    if (customerId == null) {
      throw new IllegalArgumentException("customerId must not be null");
    }
    int first = customerId.indexOf(':');
    int second = first < 0 ? -1 : customerId.indexOf(':', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("customerId '" + customerId + "' is not channel:account:openId");
    }
    return new Identity(customerId.substring(0, first), customerId.substring(first + 1, second),
        customerId.substring(second + 1));
  }

  /** A customer nobody has described yet: the schema's default tier and stage, no tags. */
  public static CustomerProfile fresh(Identity id, CustomerSchema schema) {
    return new CustomerProfile(id.customerId(), id.channel(), id.account(), id.openId(), null, "",
        schema.defaultTier(), false, schema.defaultStage(), Map.of(), "", 0, "");
  }

  private static void requirePart(String name, String value, boolean colonAllowed) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    if (!value.strip().equals(value)) {
      throw new IllegalArgumentException(name + " '" + value + "' must not start or end with whitespace");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " must not contain control characters");
    }
    if (!colonAllowed && value.indexOf(':') >= 0) {
      throw new IllegalArgumentException(name + " '" + value + "' must not contain ':'");
    }
  }
}
