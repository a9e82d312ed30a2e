package io.kefu.load;

import io.kefu.sim.SlaReport;
import io.kefu.sim.SlaScenario;
import io.kefu.sim.SlaSimulation;
import io.kefu.store.EmbeddedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The peak rehearsal: a real Kefu (keyword bot, hand-off with SLA and timers scaled by {@code --scale}) gets the
 * escalations of an SLA-simulator scenario over the WeChat callback, pushed at compressed time; simulated agents
 * (REST + WebSocket) work the roster. Prints Kefu's own FRT histogram and SLA attainment (scraped from
 * {@code /metrics}), the agents' exact FRTs, and the simulator's prediction for the same customers.
 */
@Command(name = "rehearsal", mixinStandardHelpOptions = true,
    description = "Double-11 peak rehearsal at compressed time against a Kefu on 127.0.0.1")
public final class PeakRehearsal implements Callable<Integer> {
  private static final String ADMIN_PASSWORD = "rehearsal-admin-2026";
  private static final String AGENT_PASSWORD = "rehearsal-agent-2026";

  @Option(names = "--scenario", description = "SLA-simulator scenario (default: the built-in Double-11 day)")
  Path scenarioFile;

  @Option(names = "--scale", defaultValue = "60", description = "compression: 60 plays 1 minute in 1 second")
  double scale;

  @Option(names = "--until", description = "play only the first part of the day (e.g. 3h: the scenario cut there)")
  String until;

  @Option(names = "--port", defaultValue = "18320", description = "HTTP port of Kefu")
  int port;

  @Option(names = "--redis-port", defaultValue = "18391", description = "port of the embedded Redis")
  int redisPort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PeakRehearsal()).execute(args));
  }

  private final Map<Boolean, Histogram> frt = Map.of(true, new ConcurrentHistogram(3), false,
      new ConcurrentHistogram(3));
  private final Map<Boolean, AtomicLong> met = Map.of(true, new AtomicLong(), false, new AtomicLong());
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> notes = new ConcurrentHashMap<>();
  private final AtomicLong unknownCustomers = new AtomicLong();
  private final Map<String, Histogram> lags = Map.of("assigned", new ConcurrentHistogram(3), "send",
      new ConcurrentHistogram(3));

  @Override
  public Integer call() throws Exception {
    SlaScenario whole = scenarioFile == null ? SlaScenario.double11() : SlaScenario.load(scenarioFile);
    SlaScenario scenario = until == null ? whole : whole.truncated(SlaScenario.duration(until));
    if (scale < 1 || scenario.sla().vip().toMillis() / scale < 1000) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--scale: at least 1, and the scaled VIP SLA at least 1 s (Kefu's minimum)");
    }
    if (scenario.groups().size() > 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "the rehearsal plays one skill group; the"
          + " scenario has " + scenario.groups().size() + " (simulate those with kefu sla-sim)");
    }
    // Kefu's customers never give up, and its first-message timeout is the scaled one (at least Kefu's 1 s): the
    // prediction is made for the same
    SlaScenario patient = scenario.withPatience(Duration.ZERO)
        .withFirstMessageTimeout(Duration.ofMillis(Math.round(firstMessageTimeoutMs(scenario) * scale)));
    SlaSimulation replication0 = new SlaSimulation(patient, SlaSimulation.Policy.EDF, patient.seed());
    List<SlaSimulation.Escalation> customers = replication0.customers();
    System.out.printf(Locale.ROOT, "rehearsal: %d escalations over %s played in %.0f s (scale %.0f), roster %s,"
            + " SLA %ds / VIP %ds -> %.2fs / %.2fs%n", customers.size(), scenario.length(),
        scenario.length().toMillis() / scale / 1000, scale, scenario.roster(), scenario.sla().standard().toSeconds(),
        scenario.sla().vip().toSeconds(), scenario.sla().standard().toMillis() / scale / 1000,
        scenario.sla().vip().toMillis() / scale / 1000);

    Vertx vertx = LoadGenerator.generatorVertx();
    EmbeddedRedis redis = LoadGenerator.freshRedis(Path.of("target", "rehearsal-redis"), redisPort);
    List<SimAgent> agents = new ArrayList<>();
    try {
      CountingWeChatApi api = KefuUnderTest.await(CountingWeChatApi.start(vertx), 10);
      try (KefuUnderTest kefu = KefuUnderTest.start(port, redis.connectionString(), api.baseUrl(),
          Duration.ofSeconds(3), null, tree -> scaled(tree, scenario))) {
        WebClient http = WebClient.create(vertx);
        String admin = login(http, "admin", ADMIN_PASSWORD);
        int headcount = scenario.roster().stream().mapToInt(SlaScenario.Shift::agents).max().orElse(0);
        Map<String, SlaSimulation.Escalation> byCustomer = new ConcurrentHashMap<>();
        WeChatTarget target = new WeChatTarget(kefu.account(), "gh_rehearsal", "oPeak");
        SimAgent.Timing timing = new SimAgent.Timing() {
          @Override
          public long reactionMs(String customer, int attempt) {
            SlaSimulation.Escalation e = byCustomer.get(customer);
            if (e == null) {
              unknownCustomers.incrementAndGet();
              return 0;
            }
            return Math.round(replication0.reactionMs(e, attempt) / scale);
          }

          @Override
          public long handleMs(String customer) {
            SlaSimulation.Escalation e = byCustomer.get(customer);
            if (e == null) {
              unknownCustomers.incrementAndGet();
              return 1;
            }
            return Math.round(e.handleMs() / scale);
          }
        };
        for (int i = 1; i <= headcount; i++) {
          String id = String.format("agent%03d", i);
          KefuUnderTest.await(http.post(port, "127.0.0.1", "/api/agents").bearerTokenAuthentication(admin)
              .sendJsonObject(new JsonObject().put("id", id).put("name", "坐席" + i).put("password", AGENT_PASSWORD)
                  .put("roles", new JsonArray().add("agent")).put("groups", new JsonArray().add("general"))
                  .put("maxChats", scenario.concurrency()))
              .compose(r -> r.statusCode() == 200 || r.statusCode() == 201 ? Future.succeededFuture()
                  : Future.failedFuture("creating " + id + ": HTTP " + r.statusCode() + " " + r.bodyAsString())), 30);
          SimAgent agent = new SimAgent(vertx, http, port, id, timing, responses());
          connectWithRetries(agent);
          agents.add(agent);
        }
        HttpClientAgent client = LoadGenerator.httpClient(vertx, LoadScenario.defaults());
        AtomicLong sent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Map<String, AtomicLong> pushErrors = new ConcurrentHashMap<>();
        long startMs = System.currentTimeMillis() + 500;
        // the roster: shift edges switch agents online and offline at their scaled times
        for (SlaScenario.Shift shift : scenario.roster()) {
          long at = startMs + Math.round(shift.from().toMillis() / scale);
          vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), t -> {
            for (int i = 0; i < agents.size(); i++) {
              agents.get(i).presence(i < shift.agents());
            }
          });
        }
        for (SlaSimulation.Escalation e : customers) {
          String user = target.user(Long.parseLong(e.id().substring(1)));
          byCustomer.put(user, e);
          long at = startMs + Math.round(e.atMs() / scale);
          vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), t -> {
            Future<Void> profile = !e.vip() ? Future.succeededFuture()
                : http.put(port, "127.0.0.1", "/api/customers/wechat:" + kefu.account().id() + ":" + user)
                    .bearerTokenAuthentication(admin).sendJsonObject(new JsonObject().put("vip", true))
                    .compose(r -> r.statusCode() == 200 ? Future.succeededFuture()
                        : Future.failedFuture("vip profile: HTTP " + r.statusCode()));
            CallbackTarget.Push push = target.push(user, "转人工", 1_000_000L + sent.incrementAndGet());
            profile.compose(v -> client.request(HttpMethod.POST, port, "127.0.0.1", push.uri())
                    .compose(req -> req.send(Buffer.buffer(push.body())))
                    .compose(resp -> resp.body().map(b -> {
                      if (resp.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + resp.statusCode());
                      }
                      return target.open(b.toString());
                    })))
                .onSuccess(a -> answered.incrementAndGet())
                .onFailure(err -> pushErrors.computeIfAbsent(err.getMessage(), k -> new AtomicLong()).incrementAndGet());
          });
        }
        long endMs = startMs + Math.round(scenario.length().toMillis() / scale);
        // drain: whatever is still queued at the end gets the standard SLA twice over to be answered
        long drainMs = 2 * Math.round(scenario.sla().standard().toMillis() / scale)
            + Math.round(scenario.handleMean().toMillis() / scale);
        while (System.currentTimeMillis() < endMs + drainMs) {
          Thread.sleep(1_000);
        }
        String metrics = KefuUnderTest.await(http.get(kefu.port(), "127.0.0.1", "/metrics").send(), 30).bodyAsString();
        report(scenario, patient, customers.size(), sent.get(), answered.get(), pushErrors, metrics);
        for (SimAgent agent : agents) {
          KefuUnderTest.await(agent.presence(false).eventually(agent::close).otherwiseEmpty(), 10);
        }
      }
    } finally {
      KefuUnderTest.await(vertx.close(), 30);
      redis.close();
    }
    return 0;
  }

  /** A console connection refused under heavy load (a closed handshake) is tried again, as a console would. */
  private static void connectWithRetries(SimAgent agent) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        KefuUnderTest.await(agent.connect(AGENT_PASSWORD), 30);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println(agent.id() + ": console connection failed (" + e.getCause() + "), retrying");
        Thread.sleep(500);
      }
    }
  }

  private SimAgent.FirstResponses responses() {
    return new SimAgent.FirstResponses() {
      @Override
      public void answered(boolean vip, long frtMs, long slaMs) {
        frt.get(vip).recordValue(Math.max(0, frtMs));
        if (frtMs <= slaMs) {
          met.get(vip).incrementAndGet();
        }
      }

      @Override
      public void failed(String what) {
        failures.computeIfAbsent(what.replaceAll("[0-9]+", "N"), k -> new AtomicLong()).incrementAndGet();
      }

      @Override
      public void lag(String what, long ms) {
        lags.get(what).recordValue(Math.max(0, ms));
      }

      @Override
      public void noted(String what) {
        notes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
      }
    };
  }

  private JsonObject scaled(JsonObject tree, SlaScenario s) {
    tree.getJsonObject("nlp").put("enabled", false);
    tree.put("agents", new JsonObject().put("bootstrapPassword", ADMIN_PASSWORD).put("passwordIterations", 1000));
    tree.put("handoff", new JsonObject()
        .put("sla", new JsonObject().put("standard", ms(s.sla().standard(), 1000)).put("vip", ms(s.sla().vip(), 1000)))
        .put("firstMessageTimeout", firstMessageTimeoutMs(s) + "ms")
        .put("handleTime", ms(s.handleMean(), 1000))
        .put("arrivalWindow", ms(Duration.ofMinutes(15), 60_000))
        .put("dispatchInterval", ms(Duration.ofSeconds(2), 100))
        .put("reopenWindow", ms(Duration.ofMinutes(30), 0))
        .put("staffing", new JsonObject().put("interval", ms(Duration.ofSeconds(30), 1000)))
        .put("surveys", false));
    return tree;
  }

  /** The scenario's first-message timeout scaled down (at least Kefu's 1 s; "off" is Kefu's maximum, 1 h). */
  private long firstMessageTimeoutMs(SlaScenario s) {
    Duration real = s.firstMessageTimeout().isZero() ? Duration.ofHours(1) : s.firstMessageTimeout();
    return Math.min(3_600_000, Math.max(1000, Math.round(real.toMillis() / scale)));
  }

  /** A real duration scaled down, at least {@code floorMs} (Kefu's minimum for the key). */
  private String ms(Duration real, long floorMs) {
    return Math.max(floorMs, Math.round(real.toMillis() / scale)) + "ms";
  }

  private void report(SlaScenario scenario, SlaScenario patient, int customers, long sent, long answered,
                      Map<String, AtomicLong> pushErrors, String metrics) {
    Locale l = Locale.ROOT;
    System.out.printf(l, "pushes: %d of %d sent, %d answered by the bot, errors %s; agent call failures %s;"
        + " agents noted %s; customers the agents could not look up %d%n", sent, customers, answered, pushErrors,
        failures, notes, unknownCustomers.get());
    double slaStd = scenario.sla().standard().toMillis() / scale / 1000;
    // Kefu's own numbers, from /metrics
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Matcher m = Pattern.compile("kefu_frt_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)").matcher(metrics);
    while (m.find()) {
      buckets.merge(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
          Double.parseDouble(m.group(2)), Double::sum);
    }
    double count = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    Matcher att = Pattern.compile("(?m)^kefu_sla_attainment(?:\\{[^}]*})? ([0-9.eE+-]+)").matcher(metrics);
    double attainment = att.find() ? Double.parseDouble(att.group(1)) : Double.NaN;
    Matcher esc = Pattern.compile("(?m)^kefu_escalations_total\\{[^}]*} ([0-9.eE+]+)").matcher(metrics);
    double escalations = 0;
    while (esc.find()) {
      escalations += Double.parseDouble(esc.group(1));
    }
    Matcher rq = Pattern.compile("(?m)^kefu_requeues_total\\{[^}]*reason=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)")
        .matcher(metrics);
    Map<String, Double> requeues = new TreeMap<>();
    while (rq.find()) {
      requeues.merge(rq.group(1), Double.parseDouble(rq.group(2)), Double::sum);
    }
    double withinSla = buckets.getOrDefault(slaStd, Double.NaN);
    System.out.printf(l, "Kefu /metrics: %.0f escalations, %.0f first responses recorded; kefu_sla_attainment %.1f%% of"
            + " first responses, i.e. SLA %.1f%% of all escalations (unanswered count as missed); FRT <= standard SLA"
            + " (bucket le=%.3f): %.0f; FRT p50 %s, p90 %s, p99 %s (bucket interpolation, real seconds); re-queues"
            + " %s%n", escalations, count, attainment * 100,
        escalations == 0 ? Double.NaN : 100 * attainment * count / escalations, slaStd, withinSla,
        real(bucketQuantile(buckets, 0.5)), real(bucketQuantile(buckets, 0.9)), real(bucketQuantile(buckets, 0.99)),
        requeues);
    System.out.printf(l, "  buckets (compressed s -> count): %s%n", buckets);
    long answeredStd = frt.get(false).getTotalCount();
    long answeredVip = frt.get(true).getTotalCount();
    Histogram all = new Histogram(3);
    all.add(frt.get(false));
    all.add(frt.get(true));
    System.out.printf(l, "agents' clocks: %d first responses (VIP %d); SLA met %.1f%% of answered, %.1f%% of all %d"
            + " escalations (VIP %.1f%% of answered); FRT p50 %s, p90 %s, p99 %s, max %s (real seconds)%n",
        answeredStd + answeredVip, answeredVip,
        pct(met.get(false).get() + met.get(true).get(), answeredStd + answeredVip),
        pct(met.get(false).get() + met.get(true).get(), customers), customers,
        pct(met.get(true).get(), answeredVip), real(all.getValueAtPercentile(50) / 1000.0),
        real(all.getValueAtPercentile(90) / 1000.0), real(all.getValueAtPercentile(99) / 1000.0),
        real(all.getMaxValue() / 1000.0));
    Histogram assignedLag = lags.get("assigned");
    Histogram sendLag = lags.get("send");
    System.out.printf(l, "machine lag (compressed ms; x scale = real seconds): chat.assigned event to agent p50 %d,"
            + " p99 %d; agent message POST p50 %d, p99 %d -> each adds about %.0f s / %.0f s real at the median%n",
        assignedLag.getValueAtPercentile(50), assignedLag.getValueAtPercentile(99), sendLag.getValueAtPercentile(50),
        sendLag.getValueAtPercentile(99), assignedLag.getValueAtPercentile(50) * scale / 1000,
        sendLag.getValueAtPercentile(50) * scale / 1000);
    SlaReport prediction = SlaReport.simulate(patient, SlaSimulation.Policy.EDF);
    List<Long> simFrt = new ArrayList<>();
    for (int r = 0; r < patient.replications(); r++) {
      SlaSimulation.Run run = new SlaSimulation(patient, SlaSimulation.Policy.EDF, patient.seed() + r).run();
      run.byVip.values().forEach(c -> simFrt.addAll(c.frtMs));
    }
    simFrt.sort(Long::compare);
    SlaSimulation.Run first = new SlaSimulation(patient, SlaSimulation.Policy.EDF, patient.seed()).run();
    List<Long> firstFrt = new ArrayList<>();
    first.byVip.values().forEach(c -> firstFrt.addAll(c.frtMs));
    firstFrt.sort(Long::compare);
    int firstMet = first.byVip.values().stream().mapToInt(c -> c.met).sum();
    int firstAll = first.byVip.values().stream().mapToInt(c -> c.escalated).sum();
    System.out.printf(l, "simulator (same scenario, customers never leave, %d replications, replication 0 = the"
            + " customers played here): SLA %s (VIP %s); FRT p50 %s, p90 %s, p99 %s%n", patient.replications(),
        prediction.attainment(), prediction.attainment(true), real(q(simFrt, 0.5) / 1000.0 / scale),
        real(q(simFrt, 0.9) / 1000.0 / scale), real(q(simFrt, 0.99) / 1000.0 / scale));
    System.out.printf(l, "simulator, replication 0 alone (exactly these customers): SLA %.1f%% of %d escalations; FRT"
            + " p50 %s, p90 %s, p99 %s; %d re-queued after the first-message timeout of %ds%n",
        pct(firstMet, firstAll), firstAll, real(q(firstFrt, 0.5) / 1000.0 / scale),
        real(q(firstFrt, 0.9) / 1000.0 / scale), real(q(firstFrt, 0.99) / 1000.0 / scale), first.requeued,
        patient.firstMessageTimeout().toSeconds());
  }

  private static double q(List<Long> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  /** The quantile of a cumulative Prometheus histogram, linear within the bucket (as histogram_quantile does). */
  static double bucketQuantile(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
      return Double.NaN;
    }
    double rank = q * cumulative.lastEntry().getValue();
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
      if (b.getValue() >= rank) {
        if (b.getKey().isInfinite()) {
          return lower;
        }
        double inBucket = b.getValue() - below;
        return lower + (b.getKey() - lower) * (inBucket == 0 ? 1 : (rank - below) / inBucket);
      }
      lower = b.getKey();
      below = b.getValue();
    }
    return lower;
  }

  private String real(double compressedSeconds) {
    return Double.isNaN(compressedSeconds) ? "n/a" : String.format(Locale.ROOT, "%.0fs", compressedSeconds * scale);
  }

  private static double pct(long a, long b) {
    return b == 0 ? Double.NaN : 100.0 * a / b;
  }

  private String login(WebClient http, String id, String password) throws Exception {
    var r = KefuUnderTest.await(http.post(port, "127.0.0.1", "/api/login")
        .sendJsonObject(new JsonObject().put("id", id).put("password", password)), 30);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login of " + id + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getString("token");
  }
}
