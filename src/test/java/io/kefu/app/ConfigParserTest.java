package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

  private static JsonObject account() {
    return new JsonObject().put("appId", "wx1234").put("token", "abc123")
        .put("encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").put("secret", "s").put("mode", "safe");
  }

  @Test
  void emptyTreeGivesDocumentedDefaults() {
    KefuConfig config = ConfigParser.parse(new JsonObject());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.redis().embedded()).isTrue();
    assertThat(config.redis().maxPoolSize()).isGreaterThan(6);
    assertThat(config.wechat().replyBudget()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.wechat().maxBodyBytes()).isEqualTo(65_536);
    assertThat(config.wechat().windowMessages()).isEqualTo(5);
    assertThat(config.wechat().claimTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.wechat().maxClaiming()).isEqualTo(128);
    assertThat(config.wechat().pendingLease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.accounts()).isEmpty();
  }

  @Test
  void claimTimeoutFollowsAShortReplyBudgetAndMayNotExceedIt() {
    JsonObject shortBudget = new JsonObject().put("wechat", new JsonObject().put("replyBudget", "500ms"));
    assertThat(ConfigParser.parse(shortBudget).wechat().claimTimeout()).isEqualTo(Duration.ofMillis(500));
    JsonObject tooLong = new JsonObject().put("wechat", new JsonObject().put("replyBudget", "1s")
        .put("claimTimeout", "2s"));
    assertThatThrownBy(() -> ConfigParser.parse(tooLong))
        .hasMessageContaining("wechat.claimTimeout: must not exceed wechat.replyBudget");
  }

  @Test
  void severalAccountsInEveryMode() {
    JsonObject tree = new JsonObject().put("accounts", new JsonObject()
        .put("shop", account())
        .put("brand", account().put("mode", "compatible"))
        .put("legacy", account().put("mode", "plaintext").putNull("encodingAesKey")));
    KefuConfig config = ConfigParser.parse(tree);
    assertThat(config.accounts()).containsOnlyKeys("shop", "brand", "legacy");
    assertThat(config.accounts().get("brand").mode()).isEqualTo(MessageMode.COMPATIBLE);
    assertThat(config.accounts().get("legacy").mode()).isEqualTo(MessageMode.PLAINTEXT);
  }

  @Test
  void everyProblemIsReportedWithItsKey() {
    JsonObject tree = new JsonObject()
        .put("http", new JsonObject().put("port", 70000).put("prot", 1))
        .put("redis", new JsonObject().put("url", "localhost:6379"))
        .put("wechat", new JsonObject().put("replyBudget", "ten seconds"))
        .put("accounts", new JsonObject().put("shop", account().put("encodingAesKey", "short").put("mode", "secret")));
    assertThatThrownBy(() -> ConfigParser.parse(tree))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("http.port: must be between 0 and 65535"))
            .anySatisfy(p -> assertThat(p).startsWith("http.prot: unknown key"))
            .anySatisfy(p -> assertThat(p).startsWith("redis.url: must start with redis://"))
            .anySatisfy(p -> assertThat(p).startsWith("wechat.replyBudget: must be a duration"))
            .anySatisfy(p -> assertThat(p).startsWith("accounts.shop.mode: must be plaintext, compatible or safe")));
  }

  @Test
  void encodingAesKeyIsCheckedInEncryptedModes() {
    JsonObject tree = new JsonObject().put("accounts", new JsonObject().put("shop", account().put("encodingAesKey",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")));
    assertThatThrownBy(() -> ConfigParser.parse(tree))
        .hasMessageContaining("accounts.shop.encodingAesKey: required in safe mode, exactly 43 characters")
        .hasMessageContaining("got 42 characters");
  }

  @Test
  void environmentOverridesNestedKeysWithoutRegardToCase() {
    JsonObject tree = new JsonObject().put("accounts", new JsonObject().put("demo", account()));
    JsonObject merged = EnvOverrides.apply(tree, Map.of(
        "KEFU_HTTP__PORT", "9090",
        "KEFU_WECHAT__REPLY_BUDGET", "2s",
        "KEFU_ACCOUNTS__DEMO__SECRET", "from-env",
        "KEFU_CONFIG", "ignored.yaml",
        "PATH", "/usr/bin"));
    KefuConfig config = ConfigParser.parse(merged);
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.wechat().replyBudget()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.accounts().get("demo").secret()).isEqualTo("from-env");
  }

  @Test
  void loaderReadsYamlAndFailsClearlyOnMissingOrBrokenFiles(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Path good = dir.resolve("kefu.yaml");
      Files.writeString(good, "http:\n  port: 8181\nwechat:\n  dedupTtl: 10m\n");
      KefuConfig config = ConfigLoader.load(vertx, good, Map.of()).toCompletionStage().toCompletableFuture().get();
      assertThat(config.http().port()).isEqualTo(8181);
      assertThat(config.wechat().dedupTtl()).isEqualTo(Duration.ofMinutes(10));

      assertThatThrownBy(() -> ConfigLoader.load(vertx, dir.resolve("nope.yaml"), Map.of())
          .toCompletionStage().toCompletableFuture().get())
          .isInstanceOf(ExecutionException.class).hasMessageContaining("config file not found");

      Path broken = dir.resolve("broken.yaml");
      Files.writeString(broken, "http:\n  port: [unclosed\n");
      assertThatThrownBy(() -> ConfigLoader.load(vertx, broken, Map.of()).toCompletionStage().toCompletableFuture().get())
          .isInstanceOf(ExecutionException.class).hasMessageContaining("broken.yaml: cannot be read as YAML");
    } finally {
      vertx.close();
    }
  }

  @Test
  void shippedConfigurationIsValid() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      KefuConfig config = ConfigLoader.load(vertx, Path.of("config", "kefu.yaml"), Map.of())
          .toCompletionStage().toCompletableFuture().get();
      assertThat(config.accounts()).containsKey("demo");
      assertThat(config.redis().embedded()).isTrue();
    } finally {
      vertx.close();
    }
  }

  @Test
  void overloadSettingsDefaultToThePolicyAndAreRangeChecked() {
    KefuConfig.NlpSettings defaults = ConfigParser.parse(new JsonObject()).nlp();
    assertThat(defaults.overloadConfidence()).isEqualTo(0.45);
    assertThat(defaults.overloadMinPrecision()).isEqualTo(0.95);
    assertThat(defaults.overloadMinSamples()).isEqualTo(3);

    KefuConfig.NlpSettings set = ConfigParser.parse(new JsonObject().put("nlp", new JsonObject()
        .put("overloadConfidence", 0.5).put("overloadMinPrecision", "0.9").put("overloadMinSamples", 5))).nlp();
    assertThat(set.overloadConfidence()).isEqualTo(0.5);
    assertThat(set.overloadMinPrecision()).isEqualTo(0.9);
    assertThat(set.overloadMinSamples()).isEqualTo(5);

    JsonObject bad = new JsonObject().put("nlp", new JsonObject().put("overloadConfidence", 1.5)
        .put("overloadMinPrecision", "high").put("overloadMinSamples", 0));
    assertThatThrownBy(() -> ConfigParser.parse(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("nlp.overloadConfidence: must be between 0 and 1"))
            .anySatisfy(p -> assertThat(p).startsWith("nlp.overloadMinPrecision: must be a number between 0 and 1"))
            .anySatisfy(p -> assertThat(p).startsWith("nlp.overloadMinSamples: must be between 1 and")));
  }

  @Test
  void faqAdapterIsOffByDefaultAndCanBeSwitchedOn() {
    assertThat(ConfigParser.parse(new JsonObject()).nlp().faqAdapter()).isFalse();
    assertThat(ConfigParser.parse(new JsonObject().put("nlp", new JsonObject().put("faqAdapter", true))).nlp()
        .faqAdapter()).isTrue();
    assertThatThrownBy(() -> ConfigParser.parse(new JsonObject().put("nlp", new JsonObject().put("faqAdapter", 3))))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void agentsSectionHasSafeDefaults() {
    KefuConfig.AgentSettings agents = ConfigParser.parse(new JsonObject()).agents();
    assertThat(agents.jwtSecret()).as("null: shared random secret from Redis").isNull();
    assertThat(agents.tokenTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(agents.passwordIterations()).isEqualTo(210_000);
    assertThat(agents.bootstrapAdmin()).isEqualTo("admin");
    assertThat(agents.bootstrapPassword()).isNull();
  }

  @Test
  void agentsSectionIsValidatedKeyByKey() {
    JsonObject tree = new JsonObject().put("agents", new JsonObject()
        .put("jwtSecret", "too-short").put("tokenTtl", "forever").put("passwordIterations", 999)
        .put("bootstrapAdmin", "Root User").put("bootstrapPassword", "short").put("secret", "x"));
    assertThatThrownBy(() -> ConfigParser.parse(tree))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("agents.jwtSecret: must be at least 32 characters"))
            .anySatisfy(p -> assertThat(p).startsWith("agents.tokenTtl: must be a duration"))
            .anySatisfy(p -> assertThat(p).startsWith("agents.passwordIterations: must be between 1000"))
            .anySatisfy(p -> assertThat(p).startsWith("agents.bootstrapAdmin: must match"))
            .anySatisfy(p -> assertThat(p).startsWith("agents.bootstrapPassword: must be at least 8"))
            .anySatisfy(p -> assertThat(p).startsWith("agents.secret: unknown key")));
  }

  @Test
  void overflowRulesAreReadPerGroup() {
    JsonObject tree = new JsonObject().put("handoff", new JsonObject().put("overflow", new JsonObject()
        .put("presale", new JsonObject().put("to", "service").put("after", "120s"))
        .put("refund", new JsonObject().put("to", "service").put("after", "0s"))));
    assertThat(ConfigParser.parse(tree).handoff().overflow()).containsExactlyInAnyOrder(
        new io.kefu.routing.OverflowRule("presale", "service", Duration.ofSeconds(120)),
        new io.kefu.routing.OverflowRule("refund", "service", Duration.ZERO));
    assertThat(ConfigParser.parse(new JsonObject()).handoff().overflow()).isEmpty();
  }

  @Test
  void overflowRulesAreValidatedKeyByKey() {
    JsonObject tree = new JsonObject().put("handoff", new JsonObject().put("overflow", new JsonObject()
        .put("presale", new JsonObject().put("after", "120s"))
        .put("refund", new JsonObject().put("to", "refund").put("after", "1m"))
        .put("vip", new JsonObject().put("to", "general").put("after", "soon"))
        .put("Bad Group", new JsonObject().put("to", "general").put("after", "1m"))
        .put("night", new JsonObject().put("to", "general"))
        .put("sales", new JsonObject().put("to", "general").put("after", "1m").put("when", "always"))
        .put("misc", "general")));
    assertThatThrownBy(() -> ConfigParser.parse(tree))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.presale.to: required"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.refund.to: must be another group"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.vip.after: must be a duration"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.Bad Group: group names are"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.night.after: required"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.sales.when: unknown key"))
            .anySatisfy(p -> assertThat(p).startsWith("handoff.overflow.misc: must be a mapping")));
  }

  @Test
  void bootstrapPasswordComesFromTheEnvironment() {
    JsonObject merged = EnvOverrides.apply(new JsonObject(), Map.of(
        "KEFU_AGENTS__BOOTSTRAP_PASSWORD", "from-the-env", "KEFU_AGENTS__TOKEN_TTL", "30m",
        "KEFU_AGENTS__JWT_SECRET", "s".repeat(32)));
    KefuConfig.AgentSettings agents = ConfigParser.parse(merged).agents();
    assertThat(agents.bootstrapPassword()).isEqualTo("from-the-env");
    assertThat(agents.tokenTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(agents.jwtSecret()).hasSize(32);
  }
}
