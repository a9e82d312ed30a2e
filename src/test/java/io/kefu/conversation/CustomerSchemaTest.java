package io.kefu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerSchemaTest {
  private final CustomerSchema schema = CustomerSchema.DEFAULT;

  @Test
  void freshProfileHasTheDefaultTierAndStageAndNoTags() {
    CustomerProfile p = CustomerProfile.fresh(new CustomerProfile.Identity("wechat", "acct-1", "o-abc"), schema);
    assertThat(p.customerId()).isEqualTo("wechat:acct-1:o-abc");
    assertThat(p.tier()).isEqualTo("normal");
    assertThat(p.stage()).isEqualTo("new");
    assertThat(p.vip()).isFalse();
    assertThat(p.tags()).isEmpty();
    assertThat(p.unionId()).isNull();
    assertThat(p.note()).isEmpty();
    assertThat(p.updatedAt()).isZero();
  }

  @Test
  void customerIdRoundTripsAndKeepsColonsInTheOpenId() {
    String id = CustomerProfile.customerId("wecom", "corp-1", "wm:ext:42");
    assertThat(id).isEqualTo("wecom:corp-1:wm:ext:42");
    assertThat(CustomerProfile.parseId(id)).isEqualTo(new CustomerProfile.Identity("wecom", "corp-1", "wm:ext:42"));
  }

  @Test
  void malformedCustomerIdsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> CustomerProfile.parseId("wechat:only-two")).hasMessageContaining("channel:account:openId");
    assertThatThrownBy(() -> CustomerProfile.parseId("wechat::o-1")).hasMessage("account must not be empty");
    assertThatThrownBy(() -> CustomerProfile.customerId("we:chat", "a", "o")).hasMessageContaining("':'");
    assertThatThrownBy(() -> CustomerProfile.customerId("wechat", "a", " o")).hasMessageContaining("whitespace");
  }

  @Test
  void validPatchHasNoProblems() {
    ProfilePatch patch = new ProfilePatch("小王", "gold", true, "loyal",
        Map.of("性别", "女", "地区", "杭州市西湖区", "偏好品类", "美妆"), "老客户，偏好顺丰");
    assertThat(schema.validate(patch)).isEmpty();
  }

  @Test
  void everyProblemNamesItsField() {
    Map<String, String> tags = new HashMap<>();
    tags.put("性别", "不告诉你");
    tags.put("星座", "天秤座");
    tags.put("地区", "很".repeat(41));
    ProfilePatch patch = new ProfilePatch(null, "diamond", null, "sleeping", tags, "备".repeat(501));
    List<CustomerSchema.Problem> problems = schema.validate(patch);
    assertThat(problems).extracting(CustomerSchema.Problem::field)
        .containsExactlyInAnyOrder("tier", "stage", "note", "tags.性别", "tags.星座", "tags.地区");
    assertThat(problems).extracting(Object::toString).contains(
        "tier: 'diamond' is not one of normal, silver, gold, platinum",
        "note: at most 500 characters, got 501",
        "tags.性别: '不告诉你' is not one of 男, 女, 未知",
        "tags.地区: at most 40 characters, got 41");
    assertThat(problems.stream().filter(p -> p.field().equals("tags.星座")).findFirst().orElseThrow().message())
        .startsWith("unknown tag dimension");
  }

  @Test
  void emptyOrNullTagValueMeansRemoveAndIsValid() {
    Map<String, String> tags = new HashMap<>();
    tags.put("性别", null);
    tags.put("偏好品类", "");
    assertThat(schema.validate(ProfilePatch.empty().withTags(tags))).isEmpty();
  }

  @Test
  void blankFreeTextIsAProblemNotARemoval() {
    assertThat(schema.validate(ProfilePatch.empty().withTags(Map.of("地区", "   "))))
        .extracting(Object::toString).containsExactly("tags.地区: must not be blank (use an empty value to remove the tag)");
  }

  @Test
  void vipIsTheFlagOrAVipTier() {
    CustomerProfile base = CustomerProfile.fresh(new CustomerProfile.Identity("wechat", "a", "o"), schema);
    assertThat(schema.vipFor(base)).isFalse();
    assertThat(schema.vipFor(withTier(base, "silver"))).isFalse();
    assertThat(schema.vipFor(withTier(base, "gold"))).isTrue();
    assertThat(schema.vipFor(withTier(base, "platinum"))).isTrue();
    CustomerProfile flagged = new CustomerProfile(base.customerId(), "wechat", "a", "o", null, "", "normal", true,
        "new", Map.of(), "", 0, "");
    assertThat(schema.vipFor(flagged)).isTrue();

    CustomerSchema onlyPlatinum = new CustomerSchema(schema.tiers(), schema.stages(), schema.dimensions(),
        Set.of("platinum"));
    assertThat(onlyPlatinum.vipFor(withTier(base, "gold"))).isFalse();
  }

  @Test
  void schemaRejectsTooManyDimensionsDuplicatesAndUnknownVipTiers() {
    List<CustomerSchema.TagDimension> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(new CustomerSchema.TagDimension("d" + i, List.of()));
    }
    assertThatThrownBy(() -> new CustomerSchema(List.of("normal"), List.of("new"), many, Set.of()))
        .hasMessage("65 tag dimensions, at most 64");
    assertThatThrownBy(() -> new CustomerSchema(List.of("normal", "normal"), List.of("new"), List.of(), Set.of()))
        .hasMessageContaining("'normal' twice");
    assertThatThrownBy(() -> new CustomerSchema(List.of("normal"), List.of("new"), List.of(), Set.of("gold")))
        .hasMessageContaining("VIP tiers [gold]");
  }

  private static CustomerProfile withTier(CustomerProfile p, String tier) {
    return new CustomerProfile(p.customerId(), p.channel(), p.account(), p.openId(), null, "", tier, false,
        p.stage(), Map.of(), "", 0, "");
  }
}
