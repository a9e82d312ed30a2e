package io.kefu.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.app.ConfigException;
import io.kefu.app.ConfigParser;
import io.kefu.app.EnvOverrides;
import io.kefu.app.KefuConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code wecom:} configuration section: defaults, apps and kf accounts, problems named by key, env overrides. */
class WeComConfigTest {

  private static JsonObject app() {
    return new JsonObject().put("corpId", "ww1436e0e65a779aee").put("agentId", 1000002).put("token", "tok123")
        .put("encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").put("secret", "app-secret");
  }

  @Test
  void appsAndKfAccountsAreReadWithDefaults() {
    JsonObject tree = new JsonObject().put("wecom", new JsonObject()
        .put("apps", new JsonObject().put("shop", app()))
        .put("kf", new JsonObject()
            .put("service", new JsonObject().put("openKfId", "wkAAA").put("app", "shop"))
            .put("vip", new JsonObject().put("openKfId", "wkBBB").put("app", "shop").put("secret", "kf-secret")
                .put("handoff", "wecom").put("servicer", "zhangsan"))));
    KefuConfig.WeComSettings wecom = ConfigParser.parse(tree).wecom();
    assertThat(wecom.apiBase()).isEqualTo("https://qyapi.weixin.qq.com");
    assertThat(wecom.kfDedupTtl()).isEqualTo(Duration.ofDays(4));
    WeComApp shop = wecom.apps().get("shop");
    assertThat(shop.agentId()).isEqualTo(1000002);
    assertThat(shop.json()).isFalse();
    KfAccount service = wecom.kf().get("service");
    assertThat(service.handoff()).isEqualTo(KfAccount.Handoff.KEFU);
    assertThat(service.secret()).isEqualTo("app-secret");
    assertThat(service.credentials()).isEqualTo(shop.credentials());
    KfAccount vip = wecom.kf().get("vip");
    assertThat(vip.handoff()).isEqualTo(KfAccount.Handoff.WECOM);
    assertThat(vip.servicer()).isEqualTo("zhangsan");
    assertThat(vip.credentials().tokenKey()).isNotEqualTo(shop.credentials().tokenKey()).doesNotContain("secret");
  }

  @Test
  void everyProblemNamesItsKey() {
    JsonObject tree = new JsonObject().put("wecom", new JsonObject()
        .put("apiBase", "qyapi.weixin.qq.com")
        .put("apps", new JsonObject().put("shop", app().put("encodingAesKey", "short").put("agentId", 0)
            .put("colour", "blue")))
        .put("kf", new JsonObject()
            .put("service", new JsonObject().put("openKfId", "wkAAA").put("app", "nope"))
            .put("vip", new JsonObject().put("openKfId", "wkBBB").put("app", "shop").put("handoff", "humans"))));
    assertThatThrownBy(() -> ConfigParser.parse(tree))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("wecom.apiBase: must be an http(s) URL"))
            .anySatisfy(p -> assertThat(p).startsWith("wecom.apps.shop.encodingAesKey: required, exactly 43"))
            .anySatisfy(p -> assertThat(p).startsWith("wecom.apps.shop.agentId: required"))
            .anySatisfy(p -> assertThat(p).startsWith("wecom.apps.shop.colour: unknown key"))
            .anySatisfy(p -> assertThat(p).startsWith("wecom.kf.service.app: must name one of wecom.apps (shop)"))
            .anySatisfy(p -> assertThat(p).startsWith("wecom.kf.vip.handoff: must be kefu or wecom")));
  }

  @Test
  void secretsComeFromTheEnvironment() {
    JsonObject tree = new JsonObject().put("wecom", new JsonObject()
        .put("apps", new JsonObject().put("shop", app().put("secret", "")))
        .put("kf", new JsonObject().put("service", new JsonObject().put("openKfId", "wkAAA").put("app", "shop"))));
    assertThatThrownBy(() -> ConfigParser.parse(tree)).hasMessageContaining(
        "wecom.apps.shop.secret: required, the app's Secret (set it as KEFU_WECOM__APPS__SHOP__SECRET)");
    KefuConfig config = ConfigParser.parse(EnvOverrides.apply(tree, Map.of(
        "KEFU_WECOM__APPS__SHOP__SECRET", "from-env",
        "KEFU_WECOM__KF__SERVICE__HANDOFF", "wecom")));
    assertThat(config.wecom().apps().get("shop").secret()).isEqualTo("from-env");
    assertThat(config.wecom().kf().get("service").secret()).isEqualTo("from-env");
    assertThat(config.wecom().kf().get("service").handoff()).isEqualTo(KfAccount.Handoff.WECOM);
  }
}
