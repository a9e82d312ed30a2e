package io.kefu.conversation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a customer profile may hold, as operations define it: the tiers, the lifecycle stages and the tag
 * dimensions. The first tier and the first stage are the defaults of a new customer.
 *
 * @param vipTiers tiers whose customers count as VIP for routing even without the VIP flag
 */
public record CustomerSchema(List<String> tiers, List<String> stages, List<TagDimension> dimensions,
                             Set<String> vipTiers) {

  public static final int MAX_DIMENSIONS = 64;
  public static final int MAX_FREE_TEXT = 40;
  public static final int MAX_NOTE = 500;
  public static final int MAX_NICKNAME = 64;
  private static final int MAX_NAME = 20;

  /** A tag dimension; an empty {@code allowedValues} means free text of at most {@value #MAX_FREE_TEXT} chars. */
  public record TagDimension(String name, List<String> allowedValues) {
    public TagDimension {
      if (name == null || name.isBlank() || !name.strip().equals(name)) {
        throw new IllegalArgumentException("tag dimension name must not be empty or padded: '" + name + "'");
      }
      if (length(name) > MAX_NAME) {
        throw new IllegalArgumentException("tag dimension name '" + name + "' is longer than " + MAX_NAME);
      }
      allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
      requireDistinctNonBlank("values of tag dimension '" + name + "'", allowedValues);
    }

    public boolean freeText() {
      return allowedValues.isEmpty();
    }
  }

  /** One thing wrong with a patch, naming the field ({@code tier}, {@code tags.地区} …). */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  public static final CustomerSchema DEFAULT = new CustomerSchema(
      List.of("normal", "silver", "gold", "platinum"),
      List.of("new", "active", "loyal", "at_risk", "churned"),
      List.of(
          new TagDimension("性别", List.of("男", "女", "未知")),
          new TagDimension("年龄段", List.of("18岁以下", "18-24岁", "25-34岁", "35-44岁", "45-59岁", "60岁及以上")),
          new TagDimension("地区", List.of()),
          new TagDimension("偏好品类", List.of("服饰", "鞋包", "美妆", "数码", "家电", "家居", "食品", "母婴", "运动")),
          new TagDimension("渠道来源", List.of("公众号", "小程序", "企业微信", "线下门店", "广告投放", "朋友推荐"))),
      Set.of("gold", "platinum"));

  public CustomerSchema {
    tiers = List.copyOf(tiers);
    stages = List.copyOf(stages);
    dimensions = List.copyOf(dimensions);
    vipTiers = Set.copyOf(vipTiers);
    if (tiers.isEmpty() || stages.isEmpty()) {
      throw new IllegalArgumentException("a customer schema needs at least one tier and one stage");
    }
    requireDistinctNonBlank("tiers", tiers);
    requireDistinctNonBlank("stages", stages);
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(dimensions.size() + " tag dimensions, at most " + MAX_DIMENSIONS);
    }
    requireDistinctNonBlank("tag dimensions", dimensions.stream().map(TagDimension::name).toList());
    Set<String> unknownVip = new LinkedHashSet<>(vipTiers);
    unknownVip.removeAll(tiers);
    if (!unknownVip.isEmpty()) {
      throw new IllegalArgumentException("VIP tiers " + unknownVip + " are not tiers " + tiers);
    }
  }

  public String defaultTier() {
    return tiers.get(0);
  }

  public String defaultStage() {
    return stages.get(0);
  }

  /** The routing rule: the VIP flag set by an agent, or a tier that counts as VIP. */
  public boolean vipFor(CustomerProfile profile) {
    return profile.vip() || vipTiers.contains(profile.tier());
  }

  /** Every problem of the patch; empty when it may be applied. */
  public List<Problem> validate(ProfilePatch patch) {
    List<Problem> problems = new ArrayList<>();
    if (patch == null) {
      problems.add(new Problem("patch", "must not be null"));
      return problems;
    }
    if (patch.nickname() != null) {
      checkLength(problems, "nickname", patch.nickname(), MAX_NICKNAME);
    }
    if (patch.tier() != null && !tiers.contains(patch.tier())) {
      problems.add(new Problem("tier", "'" + patch.tier() + "' is not one of " + String.join(", ", tiers)));
    }
    if (patch.stage() != null && !stages.contains(patch.stage())) {
      problems.add(new Problem("stage", "'" + patch.stage() + "' is not one of " + String.join(", ", stages)));
    }
    if (patch.note() != null) {
      checkLength(problems, "note", patch.note(), MAX_NOTE);
    }
    if (patch.tags() != null) {
      Map<String, TagDimension> byName = dimensionsByName();
      patch.tags().forEach((name, value) -> checkTag(problems, byName, name, value));
    }
    return problems;
  }

  /** The schema's dimensions by name, in schema order. */
  public Map<String, TagDimension> dimensionsByName() {
    Map<String, TagDimension> byName = new LinkedHashMap<>();
    dimensions.forEach(d -> byName.put(d.name(), d));
    return byName;
  }

  private static void checkTag(List<Problem> problems, Map<String, TagDimension> byName, String name, String value) {
    String field = "tags." + name;
    TagDimension dimension = name == null ? null : byName.get(name);
    if (dimension == null) {
      problems.add(new Problem(field, "unknown tag dimension (known: " + String.join(", ", byName.keySet()) + ")"));
    } else if (ProfilePatch.removesTag(value)) {
      return;
    } else if (dimension.freeText()) {
      if (value.isBlank()) {
        problems.add(new Problem(field, "must not be blank (use an empty value to remove the tag)"));
      } else {
        checkLength(problems, field, value, MAX_FREE_TEXT);
      }
    } else if (!dimension.allowedValues().contains(value)) {
      problems.add(new Problem(field, "'" + value + "' is not one of "
          + String.join(", ", dimension.allowedValues())));
    }
  }

  private static void checkLength(List<Problem> problems, String field, String value, int max) {
    int length = length(value);
    if (length > max) {
      problems.add(new Problem(field, "at most " + max + " characters, got " + length));
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      problems.add(new Problem(field, "must not contain control characters"));
    }
  }

  private static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  private static void requireDistinctNonBlank(String what, List<String> values) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not contain an empty name");
      }
      if (!seen.add(value)) {
        throw new IllegalArgumentException(what + " contain '" + value + "' twice");
      }
    }
  }
}
