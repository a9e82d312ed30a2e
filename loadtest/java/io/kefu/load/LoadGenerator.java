package io.kefu.load;

import io.kefu.app.KefuMetrics;
import io.kefu.bot.Responder;
import io.kefu.store.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The open-loop WeChat load generator: starts Kefu in this JVM on 127.0.0.1 (the real bot, and with
 * {@code --ceiling} also a node with a constant bot), plays a scenario against it and prints latency percentiles,
 * rates, errors and the verdict. Exit code 0 when the objectives are met, 1 when not, 2 on bad usage.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Open-loop WeChat load against a Kefu started in-process on 127.0.0.1")
public final class LoadGenerator implements Callable<Integer> {
  @Option(names = "--scenario", description = "scenario YAML (default: built-in defaults)")
  Path scenarioFile;

  @Option(names = "--rate", description = "override the scenario's target rate (messages/s)")
  Double rate;

  @Option(names = "--duration", description = "override the recorded duration (e.g. 60s)")
  String duration;

  @Option(names = "--warmup", description = "override the warm-up (e.g. 10s)")
  String warmup;

  @Option(names = "--ceiling", negatable = true, description = "also run against a constant bot (NLP cost ratio)")
  Boolean ceiling;

  @Option(names = "--constant-only", description = "only the node with the constant bot (generator and server ceiling)")
  boolean constantOnly;

  @Option(names = "--redis", description = "Redis for the Kefu nodes (default: an embedded one on --redis-port)")
  String redisUrl;

  @Option(names = "--redis-port", defaultValue = "18390", description = "port of the embedded Redis (default 18390)")
  int redisPort;

  @Option(names = "--port", defaultValue = "18310", description = "HTTP port of Kefu; the ceiling node uses port+1")
  int port;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LoadScenario scenario = scenarioFile == null ? LoadScenario.defaults() : LoadScenario.load(scenarioFile);
    if (rate != null) {
      scenario = scenario.withRate(rate);
    }
    if (duration != null || warmup != null) {
      scenario = scenario.withTimes(warmup == null ? scenario.warmup() : io.kefu.sim.SlaScenario.duration(warmup),
          duration == null ? scenario.duration() : io.kefu.sim.SlaScenario.duration(duration));
    }
    if (ceiling != null) {
      scenario = scenario.withCeiling(ceiling);
    }
    PrintStream out = System.out;
    LoadReport.header(out, scenario);
    EmbeddedRedis embedded = null;
    Vertx vertx = generatorVertx();
    try {
      String redis = redisUrl;
      if (redis == null) {
        embedded = freshRedis(Path.of("target", "loadgen-redis"), redisPort);
        redis = embedded.connectionString();
      }
      CountingWeChatApi api = KefuUnderTest.await(CountingWeChatApi.start(vertx), 10);
      HttpClientAgent client = httpClient(vertx, scenario);
      List<LoadReport.Run> runs = new ArrayList<>();
      if (!constantOnly) {
        runs.add(run(vertx, client, api, redis, port, null, "kefu", scenario));
      }
      if (scenario.ceiling() || constantOnly) {
        runs.add(run(vertx, client, api, redis, port + 1, KefuUnderTest.CONSTANT, "constant", scenario));
      }
      LoadReport.table(out, runs);
      out.println("objectives (" + runs.get(0).result().label() + " run):");
      List<String> failed = LoadReport.failures(out, scenario, runs.get(0));
      out.println(failed.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failed));
      return failed.isEmpty() ? 0 : 1;
    } finally {
      KefuUnderTest.await(vertx.close(), 30);
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** An embedded Redis on an empty data directory: no conversations (and SLA timers) left from earlier runs. */
  public static EmbeddedRedis freshRedis(Path dir, int port) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    return EmbeddedRedis.start(dir, port, "no");
  }

  /** The generator's own event loops: two, apart from the server's. */
  public static Vertx generatorVertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  /** Pooled keep-alive HTTP/1.1 connections, as many as the scenario allows; waiting requests queue. */
  public static HttpClientAgent httpClient(Vertx vertx, LoadScenario scenario) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(scenario.connections()).setMaxWaitQueueSize(-1));
  }

  /** Starts a node, plays the scenario against it, waits for its late answers, stops it. */
  public static LoadReport.Run run(Vertx vertx, HttpClientAgent client, CountingWeChatApi api, String redis, int port,
                                   Responder responder, String label, LoadScenario scenario) throws Exception {
    long apiBefore = api.sends();
    try (KefuUnderTest kefu = KefuUnderTest.start(port, redis, api.baseUrl(), scenario.replyBudget(), responder,
        tree -> tree)) {
      return runAgainst(vertx, client, api, kefu, label, scenario, apiBefore);
    }
  }

  /** Plays the scenario against a running node and reads its async-reply tally after the answers drain. */
  public static LoadReport.Run runAgainst(Vertx vertx, HttpClientAgent client, CountingWeChatApi api,
                                          KefuUnderTest kefu, String label, LoadScenario scenario, long apiBefore)
      throws Exception {
    CallbackTarget target = scenario.channel().equals("wecom") ? new WeComTarget(kefu.wecomApp(), "load" + label + "_")
        : new WeChatTarget(kefu.account(), "gh_loadtest", "oLoad" + label);
    OpenLoopRun run = new OpenLoopRun(vertx, client, "127.0.0.1", kefu.port(), target, scenario);
    api.onSend(run::asyncAnswered);
    MachineLoad before = MachineLoad.now();
    CpuUse cpuBefore = CpuUse.now(kefu.server());
    run.run(label, MessageMix.of(scenario), System.currentTimeMillis() * 1000);
    MachineLoad after = MachineLoad.now();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    LoadReport.AsyncTally tally;
    do {
      Thread.sleep(200);
      tally = new LoadReport.AsyncTally(kefu.messages(KefuMetrics.Outcome.ASYNC), kefu.asyncReplies("sent"),
          kefu.asyncReplies("failed"), kefu.asyncReplies("responder_failed"), api.sends() - apiBefore);
    } while (tally.answered() < tally.acknowledgedAsync() && System.nanoTime() < until);
    // the result is read after the late answers drained, so their latencies are in it
    OpenLoopRun.Result result = run.result(label);
    System.out.println(label + " cpu (warm-up, run and drain): " + CpuUse.now(kefu.server()).perMessage(cpuBefore,
        run.sentTotal()));
    api.onSend(user -> { });
    return new LoadReport.Run(result, tally, before, after);
  }
}
