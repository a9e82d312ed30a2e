package io.kefu.app;

import io.kefu.agent.AgentAccount;
import io.kefu.agent.AgentDirectory;
import io.kefu.agent.PasswordHasher;
import io.kefu.bot.BotPolicyConfig;
import io.kefu.kb.FaqIndex;
import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatAccount.MessageMode;
import io.kefu.channel.wecom.KfAccount;
import io.kefu.channel.wecom.WeComApp;
import io.kefu.handoff.HandoffSettings;
import io.kefu.routing.OverflowRule;
import io.kefu.routing.SlaPolicy;
import io.kefu.routing.StaffingThresholds;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the merged configuration tree into a {@link KefuConfig}, applying defaults and collecting
 * every problem (unknown key, wrong type, bad value) before failing, so one start-up attempt shows all.
 */
public final class ConfigParser {
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");
  private static final Pattern SKILL = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final List<String> problems = new ArrayList<>();

  private ConfigParser() {
  }

  public static KefuConfig parse(JsonObject root) {
    ConfigParser parser = new ConfigParser();
    KefuConfig config = parser.config(root);
    if (!parser.problems.isEmpty()) {
      throw new ConfigException(parser.problems);
    }
    return config;
  }

  private KefuConfig config(JsonObject root) {
    known(root, "", Set.of("http", "dataDir", "redis", "wechat", "nlp", "admin", "accounts", "agents", "handoff",
        "wecom"));
    JsonObject http = section(root, "http");
    known(http, "http.", Set.of("host", "port", "instances"));
    KefuConfig.Http httpSettings = new KefuConfig.Http(
        string(http, "http.host", "0.0.0.0"),
        integer(http, "http.port", 8080, 0, 65535),
        integer(http, "http.instances", 0, 0, 64));

    JsonObject redis = section(root, "redis");
    known(redis, "redis.", Set.of("url", "maxPoolSize", "maxPoolWaiting", "maxWaitingHandlers", "embedded"));
    JsonObject embedded = section(redis, "embedded");
    known(embedded, "redis.embedded.", Set.of("port", "appendFsync"));
    String url = string(redis, "redis.url", null);
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("unix://")) {
      problems.add("redis.url: must start with redis://, rediss:// or unix:// (got '" + url + "')");
    }
    String fsync = string(embedded, "redis.embedded.appendFsync", "everysec");
    if (!Set.of("always", "everysec", "no").contains(fsync)) {
      problems.add("redis.embedded.appendFsync: must be always, everysec or no (got '" + fsync + "')");
    }
    KefuConfig.RedisSettings redisSettings = new KefuConfig.RedisSettings(url,
        integer(redis, "redis.maxPoolSize", 64, 1, 10_000),
        integer(redis, "redis.maxPoolWaiting", 8_192, 1, 1_000_000),
        integer(redis, "redis.maxWaitingHandlers", 8_192, 1, 1_000_000),
        integer(embedded, "redis.embedded.port", 6390, 1, 65535),
        fsync);

    JsonObject wechat = section(root, "wechat");
    known(wechat, "wechat.", Set.of("apiBase", "replyBudget", "timestampSkew", "dedupTtl", "maxBodyBytes",
        "windowMessages", "windowDuration", "claimTimeout", "maxClaiming", "pendingLease"));
    KefuConfig.WeChatSettings wechatSettings = new KefuConfig.WeChatSettings(
        string(wechat, "wechat.apiBase", "https://api.weixin.qq.com"),
        duration(wechat, "wechat.replyBudget", Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMillis(4500)),
        duration(wechat, "wechat.timestampSkew", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
        duration(wechat, "wechat.dedupTtl", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(7)),
        integer(wechat, "wechat.maxBodyBytes", 65_536, 1_024, 1_048_576),
        integer(wechat, "wechat.windowMessages", 5, 1, 1_000),
        duration(wechat, "wechat.windowDuration", Duration.ofHours(48), Duration.ofMinutes(1), Duration.ofDays(30)),
        duration(wechat, "wechat.claimTimeout", claimTimeoutDefault(wechat), Duration.ofMillis(10),
            Duration.ofMillis(4500)),
        integer(wechat, "wechat.maxClaiming", 128, 1, 1_000_000),
        duration(wechat, "wechat.pendingLease", Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofHours(1)));
    if (wechatSettings.claimTimeout().compareTo(wechatSettings.replyBudget()) > 0) {
      problems.add("wechat.claimTimeout: must not exceed wechat.replyBudget (got " + wechatSettings.claimTimeout()
          + " > " + wechatSettings.replyBudget() + ")");
    }
    if (!wechatSettings.apiBase().startsWith("http://") && !wechatSettings.apiBase().startsWith("https://")) {
      problems.add("wechat.apiBase: must be an http(s) URL (got '" + wechatSettings.apiBase() + "')");
    }

    JsonObject nlp = section(root, "nlp");
    known(nlp, "nlp.", Set.of("enabled", "intentsDir", "kbDir", "workers", "maxInFlight", "maxWait", "watch",
        "intentConfidence", "intentMargin", "faqScore", "faqMargin", "overloadConfidence", "overloadMinPrecision",
        "overloadMinSamples", "faqAdapter"));
    KefuConfig.NlpSettings nlpSettings = new KefuConfig.NlpSettings(
        bool(nlp, "nlp.enabled", true),
        Path.of(string(nlp, "nlp.intentsDir", "intents")),
        Path.of(string(nlp, "nlp.kbDir", "kb")),
        integer(nlp, "nlp.workers", 0, 0, 256),
        integer(nlp, "nlp.maxInFlight", 2_000, 1, 1_000_000),
        duration(nlp, "nlp.maxWait", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(1)),
        bool(nlp, "nlp.watch", true),
        fraction(nlp, "nlp.intentConfidence", BotPolicyConfig.DEFAULT.intentConfidence()),
        fraction(nlp, "nlp.intentMargin", BotPolicyConfig.DEFAULT.intentMargin()),
        fraction(nlp, "nlp.faqScore", BotPolicyConfig.DEFAULT.faqScore()),
        fraction(nlp, "nlp.faqMargin", BotPolicyConfig.DEFAULT.faqMargin()),
        fraction(nlp, "nlp.overloadConfidence", BotPolicyConfig.DEFAULT.overloadConfidence()),
        fraction(nlp, "nlp.overloadMinPrecision", BotPolicyConfig.DEFAULT.overloadMinPrecision()),
        integer(nlp, "nlp.overloadMinSamples", BotPolicyConfig.DEFAULT.overloadMinSamples(), 1, 100_000),
        bool(nlp, "nlp.faqAdapter", FaqIndex.Config.DEFAULT.adapter() != null));

    JsonObject admin = section(root, "admin");
    known(admin, "admin.", Set.of("token"));
    String adminToken = string(admin, "admin.token", "");
    if (!adminToken.isEmpty() && adminToken.length() < 16) {
      problems.add("admin.token: must be at least 16 characters (or empty to disable the admin API)");
    }

    String dataDir = string(root, "dataDir", "data");
    return new KefuConfig(httpSettings, Path.of(dataDir), redisSettings, wechatSettings, nlpSettings, adminToken,
        accounts(root), agents(root), handoff(root), wecom(root));
  }

  private KefuConfig.AgentSettings agents(JsonObject root) {
    JsonObject agents = section(root, "agents");
    known(agents, "agents.", Set.of("jwtSecret", "tokenTtl", "passwordIterations", "bootstrapAdmin",
        "bootstrapPassword"));
    String secret = string(agents, "agents.jwtSecret", "");
    if (!secret.isEmpty() && secret.length() < 32) {
      problems.add("agents.jwtSecret: must be at least 32 characters (or empty for a random secret shared through Redis)");
    }
    String admin = string(agents, "agents.bootstrapAdmin", "admin");
    if (!AgentAccount.isValidId(admin)) {
      problems.add("agents.bootstrapAdmin: must match " + AgentAccount.ID.pattern() + " (got '" + admin + "')");
    }
    String password = string(agents, "agents.bootstrapPassword", "");
    if (!password.isEmpty() && password.length() < AgentDirectory.MIN_PASSWORD_LENGTH) {
      problems.add("agents.bootstrapPassword: must be at least " + AgentDirectory.MIN_PASSWORD_LENGTH
          + " characters (or empty for no bootstrap admin)");
    }
    return new KefuConfig.AgentSettings(secret.isEmpty() ? null : secret,
        duration(agents, "agents.tokenTtl", Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofDays(30)),
        integer(agents, "agents.passwordIterations", PasswordHasher.DEFAULT_ITERATIONS, PasswordHasher.MIN_ITERATIONS,
            PasswordHasher.MAX_ITERATIONS),
        admin, password.isEmpty() ? null : password);
  }

  private HandoffSettings handoff(JsonObject root) {
    HandoffSettings d = HandoffSettings.defaults();
    JsonObject h = section(root, "handoff");
    known(h, "handoff.", Set.of("sla", "warnings", "firstMessageTimeout", "disconnectGrace", "reopenWindow",
        "defaultSkill", "skills", "handleTime", "arrivalWindow", "staffing", "surveys", "dispatchInterval",
        "socketLease", "overflow"));
    JsonObject sla = section(h, "sla");
    known(sla, "handoff.sla.", Set.of("standard", "vip", "tiers"));
    Duration standard = duration(sla, "handoff.sla.standard", d.sla().standard(), Duration.ofSeconds(1),
        Duration.ofDays(1));
    Duration vip = duration(sla, "handoff.sla.vip", d.sla().vip(), Duration.ofSeconds(1), Duration.ofDays(1));
    Map<String, Duration> tiers = new LinkedHashMap<>();
    JsonObject tierSection = section(sla, "tiers");
    for (String tier : tierSection.fieldNames()) {
      tiers.put(tier, duration(tierSection, "handoff.sla.tiers." + tier, standard, Duration.ofSeconds(1),
          Duration.ofDays(1)));
    }
    List<Double> warnings = new ArrayList<>();
    Object rawWarnings = h.getValue("warnings");
    if (rawWarnings == null) {
      warnings.addAll(d.warnings());
    } else if (rawWarnings instanceof io.vertx.core.json.JsonArray array) {
      double previous = 0;
      for (Object w : array) {
        if (!(w instanceof Number n) || n.doubleValue() <= previous || n.doubleValue() >= 1) {
          problems.add("handoff.warnings: must be increasing fractions between 0 and 1 (got " + array.encode() + ")");
          warnings.clear();
          warnings.addAll(d.warnings());
          break;
        }
        previous = n.doubleValue();
        warnings.add(n.doubleValue());
      }
    } else {
      problems.add("handoff.warnings: must be a list of fractions like [0.5, 0.8, 0.95]");
      warnings.addAll(d.warnings());
    }
    String defaultSkill = string(h, "handoff.defaultSkill", d.defaultSkill());
    Map<String, String> skills = new LinkedHashMap<>();
    JsonObject skillSection = section(h, "skills");
    for (String key : skillSection.fieldNames()) {
      String skill = string(skillSection, "handoff.skills." + key, defaultSkill);
      if (!SKILL.matcher(skill).matches()) {
        problems.add("handoff.skills." + key + ": group names are [a-z0-9_-]{1,32} (got '" + skill + "')");
      }
      skills.put(key, skill);
    }
    if (!SKILL.matcher(defaultSkill).matches()) {
      problems.add("handoff.defaultSkill: group names are [a-z0-9_-]{1,32} (got '" + defaultSkill + "')");
    }
    JsonObject staffing = section(h, "staffing");
    known(staffing, "handoff.staffing.", Set.of("yellow", "orange", "red", "serviceLevel", "interval", "robotWebhook"));
    double yellow = fraction(staffing, "handoff.staffing.yellow", d.staffing().yellow());
    double orange = fraction(staffing, "handoff.staffing.orange", d.staffing().orange());
    double red = fraction(staffing, "handoff.staffing.red", d.staffing().red());
    StaffingThresholds thresholds = d.staffing();
    if (!(0 < yellow && yellow < orange && orange < red)) {
      problems.add("handoff.staffing: thresholds must satisfy 0 < yellow < orange < red (got " + yellow + ", " + orange
          + ", " + red + ")");
    } else {
      thresholds = new StaffingThresholds(yellow, orange, red);
    }
    String webhook = string(staffing, "handoff.staffing.robotWebhook", "");
    if (!webhook.isEmpty() && !webhook.startsWith("http://") && !webhook.startsWith("https://")) {
      problems.add("handoff.staffing.robotWebhook: must be an http(s) URL (got '" + webhook + "')");
    }
    SlaPolicy slaPolicy = d.sla();
    try {
      slaPolicy = new SlaPolicy(standard, vip, tiers);
    } catch (IllegalArgumentException e) {
      problems.add("handoff.sla: " + e.getMessage());
    }
    List<OverflowRule> overflow = overflow(section(h, "overflow"));
    return new HandoffSettings(slaPolicy, List.copyOf(warnings),
        duration(h, "handoff.firstMessageTimeout", d.firstMessageTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
        duration(h, "handoff.disconnectGrace", d.disconnectGrace(), Duration.ofMillis(100), Duration.ofHours(1)),
        duration(h, "handoff.reopenWindow", d.reopenWindow(), Duration.ZERO, Duration.ofDays(30)),
        defaultSkill, Map.copyOf(skills),
        duration(h, "handoff.handleTime", d.handlePrior(), Duration.ofSeconds(1), Duration.ofHours(2)),
        duration(h, "handoff.arrivalWindow", d.arrivalWindow(), Duration.ofMinutes(1), Duration.ofHours(24)),
        thresholds,
        fraction(staffing, "handoff.staffing.serviceLevel", d.serviceLevelGoal()),
        duration(staffing, "handoff.staffing.interval", d.staffingInterval(), Duration.ofSeconds(1), Duration.ofHours(1)),
        webhook.isEmpty() ? null : webhook,
        bool(h, "handoff.surveys", d.surveys()),
        duration(h, "handoff.dispatchInterval", d.dispatchInterval(), Duration.ofMillis(100), Duration.ofMinutes(5)),
        duration(h, "handoff.socketLease", d.socketLease(), Duration.ofMillis(300), Duration.ofMinutes(10)),
        overflow);
  }

  /** {@code handoff.overflow.<group>: {to: <group>, after: <duration>}}, at most one rule per group. */
  private List<OverflowRule> overflow(JsonObject section) {
    List<OverflowRule> rules = new ArrayList<>();
    for (String group : section.fieldNames()) {
      String at = "handoff.overflow." + group;
      if (!SKILL.matcher(group).matches()) {
        problems.add(at + ": group names are [a-z0-9_-]{1,32}");
        continue;
      }
      if (!(section.getValue(group) instanceof JsonObject rule)) {
        problems.add(at + ": must be a mapping like {to: <group>, after: 120s}");
        continue;
      }
      known(rule, at + ".", Set.of("to", "after"));
      String to = string(rule, at + ".to", "");
      if (to.isEmpty()) {
        problems.add(at + ".to: required, the group whose agents take this group's chats after 'after'");
        continue;
      }
      if (!SKILL.matcher(to).matches()) {
        problems.add(at + ".to: group names are [a-z0-9_-]{1,32} (got '" + to + "')");
        continue;
      }
      if (to.equals(group)) {
        problems.add(at + ".to: must be another group than " + group);
        continue;
      }
      if (rule.getValue("after") == null) {
        problems.add(at + ".after: required, how long a chat waits before " + to + "'s agents may take it (e.g. 120s)");
        continue;
      }
      int before = problems.size();
      Duration after = duration(rule, at + ".after", Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
      if (problems.size() == before) {
        rules.add(new OverflowRule(group, to, after));
      }
    }
    return List.copyOf(rules);
  }

  private Map<String, WeChatAccount> accounts(JsonObject root) {
    Map<String, WeChatAccount> accounts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonObject> entry : mappings(section(root, "accounts"), "accounts",
        "appId, token, encodingAesKey, secret, mode").entrySet()) {
      String id = entry.getKey();
      String at = "accounts." + id;
      JsonObject account = entry.getValue();
      known(account, at + ".", Set.of("appId", "token", "encodingAesKey", "secret", "mode", "stableToken"));
      String appId = string(account, at + ".appId", null);
      if (appId == null || appId.isBlank()) {
        problems.add(at + ".appId: required (the wx… AppID of the Official Account)");
      }
      String token = string(account, at + ".token", null);
      if (token == null || token.length() < 3 || token.length() > 32 || !token.chars().allMatch(c -> c < 128
          && Character.isLetterOrDigit(c))) {
        problems.add(at + ".token: required, 3 to 32 letters or digits");
      }
      MessageMode mode = MessageMode.SAFE;
      String modeText = string(account, at + ".mode", "safe");
      try {
        mode = MessageMode.valueOf(modeText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + ".mode: must be plaintext, compatible or safe (got '" + modeText + "')");
      }
      String key = string(account, at + ".encodingAesKey", null);
      if (mode.acceptsEncrypted() && (key == null || !AES_KEY.matcher(key).matches())) {
        problems.add(at + ".encodingAesKey: required in " + mode.name().toLowerCase(Locale.ROOT)
            + " mode, exactly 43 characters of [A-Za-z0-9]"
            + (key == null ? "" : " (got " + key.length() + " characters)"));
      }
      String secret = string(account, at + ".secret", "");
      boolean stable = bool(account, at + ".stableToken", true);
      accounts.put(id, new WeChatAccount(id, appId, token, key, secret, mode, stable));
    }
    return accounts;
  }

  private KefuConfig.WeComSettings wecom(JsonObject root) {
    JsonObject w = section(root, "wecom");
    known(w, "wecom.", Set.of("apiBase", "kfDedupTtl", "kfRetryDelay", "apps", "kf"));
    String apiBase = string(w, "wecom.apiBase", "https://qyapi.weixin.qq.com");
    if (!apiBase.startsWith("http://") && !apiBase.startsWith("https://")) {
      problems.add("wecom.apiBase: must be an http(s) URL (got '" + apiBase + "')");
    }
    Map<String, WeComApp> apps = new LinkedHashMap<>();
    for (Map.Entry<String, JsonObject> entry : mappings(section(w, "apps"), "wecom.apps",
        "corpId, agentId, token, encodingAesKey, secret").entrySet()) {
      String id = entry.getKey();
      String at = "wecom.apps." + id;
      JsonObject app = entry.getValue();
      known(app, at + ".", Set.of("corpId", "agentId", "token", "encodingAesKey", "secret", "json"));
      String corpId = string(app, at + ".corpId", "");
      if (corpId.isBlank() || !corpId.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
        problems.add(at + ".corpId: required, the CorpID (ww…) from 我的企业 → 企业信息");
      }
      int agentId = integer(app, at + ".agentId", 0, 0, Integer.MAX_VALUE);
      if (agentId == 0) {
        problems.add(at + ".agentId: required, the app's AgentId (a positive number)");
      }
      String token = string(app, at + ".token", "");
      if (token.isEmpty() || token.length() > 32 || !token.chars().allMatch(c -> c < 128
          && Character.isLetterOrDigit(c))) {
        problems.add(at + ".token: required, up to 32 letters or digits (the Token of 接收消息)");
      }
      String key = string(app, at + ".encodingAesKey", "");
      if (!AES_KEY.matcher(key).matches()) {
        problems.add(at + ".encodingAesKey: required, exactly 43 characters of [A-Za-z0-9] (got " + key.length()
            + " characters)");
      }
      String secret = string(app, at + ".secret", "");
      if (secret.isEmpty()) {
        problems.add(at + ".secret: required, the app's Secret (set it as KEFU_WECOM__APPS__"
            + id.toUpperCase(Locale.ROOT).replace('-', '_') + "__SECRET)");
      }
      apps.put(id, new WeComApp(id, corpId, agentId, token, key, secret, bool(app, at + ".json", false)));
    }
    Map<String, KfAccount> kf = new LinkedHashMap<>();
    for (Map.Entry<String, JsonObject> entry : mappings(section(w, "kf"), "wecom.kf", "openKfId, app, handoff")
        .entrySet()) {
      String id = entry.getKey();
      String at = "wecom.kf." + id;
      JsonObject account = entry.getValue();
      known(account, at + ".", Set.of("openKfId", "app", "secret", "handoff", "servicer"));
      String openKfId = string(account, at + ".openKfId", "");
      if (openKfId.isBlank() || openKfId.length() > 64) {
        problems.add(at + ".openKfId: required, the account's open_kfid (wk…)");
      }
      String appId = string(account, at + ".app", "");
      WeComApp app = apps.get(appId);
      if (app == null) {
        problems.add(at + ".app: must name one of wecom.apps (" + String.join(", ", apps.keySet())
            + "): the self-built app that receives this account's events" + (appId.isEmpty() ? "" : " (got '" + appId
            + "')"));
        continue;
      }
      KfAccount.Handoff handoff = KfAccount.Handoff.KEFU;
      String handoffText = string(account, at + ".handoff", "kefu");
      try {
        handoff = KfAccount.Handoff.valueOf(handoffText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + ".handoff: must be kefu or wecom (got '" + handoffText + "')");
      }
      String servicer = string(account, at + ".servicer", "");
      if (!servicer.isEmpty() && handoff != KfAccount.Handoff.WECOM) {
        problems.add(at + ".servicer: only used with handoff: wecom");
      }
      String secret = string(account, at + ".secret", "");
      kf.put(id, new KfAccount(id, openKfId, app, secret.isEmpty() ? app.secret() : secret, handoff,
          servicer.isEmpty() ? null : servicer));
    }
    return new KefuConfig.WeComSettings(apiBase,
        duration(w, "wecom.kfDedupTtl", Duration.ofDays(4), Duration.ofHours(1), Duration.ofDays(30)),
        duration(w, "wecom.kfRetryDelay", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(10)),
        Map.copyOf(apps), Map.copyOf(kf));
  }

  /** The entries of a section of named mappings (accounts, apps …) whose ids are valid; the others are problems. */
  private Map<String, JsonObject> mappings(JsonObject section, String at, String expectedKeys) {
    Map<String, JsonObject> entries = new LinkedHashMap<>();
    for (String id : section.fieldNames()) {
      if (!ACCOUNT_ID.matcher(id).matches()) {
        problems.add(at + "." + id + ": id must match [A-Za-z0-9_-]{1,64}");
      } else if (section.getValue(id) instanceof JsonObject mapping) {
        entries.put(id, mapping);
      } else {
        problems.add(at + "." + id + ": must be a mapping with " + expectedKeys);
      }
    }
    return entries;
  }

  private JsonObject section(JsonObject parent, String key) {
    Object value = parent.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    problems.add(key + ": must be a mapping");
    return new JsonObject();
  }

  private void known(JsonObject object, String prefix, Set<String> keys) {
    for (String name : object.fieldNames()) {
      if (!keys.contains(name)) {
        problems.add(prefix + name + ": unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
      }
    }
  }

  private String string(JsonObject object, String path, String fallback) {
    Object value = object.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    problems.add(path + ": must be a string");
    return fallback;
  }

  private int integer(JsonObject object, String path, int fallback, int min, int max) {
    Object value = object.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
      if (parsed < min || parsed > max) {
        problems.add(path + ": must be between " + min + " and " + max + " (got " + parsed + ")");
        return fallback;
      }
      return (int) parsed;
    } catch (NumberFormatException e) {
      problems.add(path + ": must be a whole number (got '" + value + "')");
      return fallback;
    }
  }

  private double fraction(JsonObject object, String path, double fallback) {
    Object value = object.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().strip());
      if (parsed < 0 || parsed > 1) {
        problems.add(path + ": must be between 0 and 1 (got " + parsed + ")");
        return fallback;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(path + ": must be a number between 0 and 1 (got '" + value + "')");
      return fallback;
    }
  }

  private boolean bool(JsonObject object, String path, boolean fallback) {
    Object value = object.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.add(path + ": must be true or false (got '" + value + "')");
    return fallback;
  }

  /** Durations are written {@code 300ms}, {@code 3s}, {@code 5m}, {@code 48h}, {@code 7d} or ISO-8601. */
  private Duration duration(JsonObject object, String path, Duration fallback, Duration min, Duration max) {
    Object value = object.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    Duration parsed = parseDuration(value.toString().strip());
    if (parsed == null) {
      problems.add(path + ": must be a duration like 300ms, 3s, 5m, 48h (got '" + value + "')");
      return fallback;
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      problems.add(path + ": must be between " + min + " and " + max + " (got " + parsed + ")");
      return fallback;
    }
    return parsed;
  }

  /** 2 s, or the reply budget when that is shorter (a claim may never outlast the budget). */
  private static Duration claimTimeoutDefault(JsonObject wechat) {
    Object value = wechat.getValue("replyBudget");
    Duration budget = value == null ? null : parseDuration(value.toString().strip());
    return budget != null && budget.compareTo(Duration.ofSeconds(2)) < 0 ? budget : Duration.ofSeconds(2);
  }

  /** A duration written like the configuration's ({@code 300ms}, {@code 3s}, {@code 5m} … or ISO-8601); null if it is not one. */
  public static Duration parseDuration(String text) {
    var m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
