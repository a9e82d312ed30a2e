package io.kefu.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one customer turn costs, independent of how much of a shared machine the run gets: a node with the constant
 * bot answers {@code --messages} signed, encrypted text pushes sent closed loop ({@code --concurrency} at a time,
 * 500 users, distinct texts), after as many for warm-up. Prints JVM and Redis CPU time per message and the Redis
 * commands per message by name (from {@code INFO commandstats}: exact, whatever the load on the machine).
 *
 * <pre>mvn -B -q -o exec:exec@loadgen -Dload.main=io.kefu.load.TurnCostProbe -Dload.args="5000 16"</pre>
 */
public final class TurnCostProbe {
  private TurnCostProbe() {
  }

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int redisPort = args.length > 2 ? Integer.parseInt(args[2]) : 18392;
    Vertx vertx = LoadGenerator.generatorVertx();
    var redis = LoadGenerator.freshRedis(Path.of("target", "probe-redis"), redisPort);
    try {
      CountingWeChatApi api = KefuUnderTest.await(CountingWeChatApi.start(vertx), 10);
      HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(concurrency));
      try (KefuUnderTest kefu = KefuUnderTest.start(0, redis.connectionString(), api.baseUrl(), Duration.ofSeconds(3),
          KefuUnderTest.CONSTANT, tree -> tree)) {
        WeChatTarget target = new WeChatTarget(kefu.account(), "gh_probe", "oProbe");
        long msgId = System.currentTimeMillis() * 1000;
        send(client, kefu.port(), target, 0, messages, concurrency, msgId);
        Map<String, Long> callsBefore = commandCalls(kefu);
        CpuUse before = CpuUse.now(kefu.server());
        long failed = send(client, kefu.port(), target, messages, messages, concurrency, msgId + messages);
        CpuUse after = CpuUse.now(kefu.server());
        Map<String, Long> callsAfter = commandCalls(kefu);
        System.out.println("turn cost, constant bot, " + messages + " messages (" + failed + " not answered 200), "
            + concurrency + " at a time: " + after.perMessage(before, messages));
        StringBuilder perCommand = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Long> e : callsAfter.entrySet()) {
          long delta = e.getValue() - callsBefore.getOrDefault(e.getKey(), 0L);
          if (delta > 0 && !e.getKey().equals("info")) {
            double per = delta / (double) messages;
            total += per;
            perCommand.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(), per));
          }
        }
        System.out.printf(Locale.ROOT, "Redis commands per message: %.2f (%s )%n", total, perCommand);
        System.out.println("machine: " + MachineLoad.now());
      }
    } finally {
      KefuUnderTest.await(vertx.close(), 30);
      redis.close();
    }
  }

  /** Sends {@code count} pushes from 500 users in turn (texts numbered from {@code from}); returns how many were not answered 200. */
  private static long send(HttpClientAgent client, int port, WeChatTarget target, int from, int count,
                           int concurrency, long firstMsgId) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    AtomicLong failed = new AtomicLong();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      CallbackTarget.Push push = target.push(target.user(i % 500), "请问订单 " + (from + i) + " 什么时候发货",
          firstMsgId + i);
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
              .setURI(push.uri()).putHeader("Content-Type", "text/xml"))
          .compose(request -> request.send(Buffer.buffer(push.body())))
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(ar -> {
            if (ar.failed() || ar.result() != 200) {
              failed.incrementAndGet();
            }
            slots.release();
          });
    }
    if (!slots.tryAcquire(concurrency, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pushes still unanswered after 120 s");
    }
    return failed.get();
  }

  /** Calls so far per Redis command ({@code evalsha} counts the Lua scripts). */
  private static Map<String, Long> commandCalls(KefuUnderTest kefu) throws Exception {
    String info = KefuUnderTest.await(kefu.server().redis().send(Request.cmd(Command.INFO).arg("commandstats")), 10)
        .toString();
    Map<String, Long> calls = new TreeMap<>();
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring(8, line.indexOf(':'));
        int at = line.indexOf("calls=") + 6;
        calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
      }
    }
    return calls;
  }
}
