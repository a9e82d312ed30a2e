package io.kefu.handoff;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.app.KefuMetrics;
import io.kefu.routing.VirtualScheduler;
import io.kefu.store.HandoffStore;
import io.kefu.store.RedisKeys;
import io.kefu.store.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that raised an SLA warning dies; the node that takes its timers over re-arms them, and the clock
 * fires the latest checkpoint already passed. That checkpoint must not be raised a second time.
 */
@ExtendWith(VertxExtension.class)
class SlaTakeoverTest {
  private static final List<Double> WARNINGS = List.of(0.5, 0.8, 0.95);
  private static final Duration SLA = Duration.ofSeconds(100);
  private static final Duration LEASE = Duration.ofMillis(600);

  private Redis redis;
  private String conversationId;

  @AfterEach
  void clean() throws Exception {
    if (redis != null) {
      await(redis.send(Request.cmd(Command.ZREM).arg(RedisKeys.awaitingFirstResponse()).arg(conversationId)));
      redis.close();
    }
  }

  @Test
  void theCheckpointTheDeadOwnerRaisedIsNotRaisedAgainByTheNodeThatTakesOver(Vertx vertx) throws Exception {
    // sized like a node's client: a sweep may adopt many conversations other tests left waiting in this Redis, and
    // their checkpoints then fire together
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.url()).setMaxPoolSize(16)
        .setMaxPoolWaiting(1000));
    Instant start = Instant.now();
    VirtualScheduler timeA = new VirtualScheduler(start);
    VirtualScheduler timeB = new VirtualScheduler(start);
    SimpleMeterRegistry registryA = new SimpleMeterRegistry();
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    HandoffEvents events = new HandoffEvents(vertx, redis, TestRedis.url());
    HandoffStore storeA = new HandoffStore(redis, timeA.clock(), Duration.ofMinutes(15));
    HandoffStore storeB = new HandoffStore(redis, timeB.clock(), Duration.ofMinutes(15));
    SlaMonitor nodeA = new SlaMonitor(storeA, events, new KefuMetrics(registryA, SLA), timeA, timeA.clock(), WARNINGS,
        "node-a-" + UUID.randomUUID(), LEASE);
    SlaMonitor nodeB = new SlaMonitor(storeB, events, new KefuMetrics(registryB, SLA), timeB, timeB.clock(), WARNINGS,
        "node-b-" + UUID.randomUUID(), LEASE);

    conversationId = "slatk" + UUID.randomUUID().toString().substring(0, 8);
    String skill = "slatk" + UUID.randomUUID().toString().substring(0, 6);
    await(storeA.setFields(conversationId, Map.of("id", conversationId, "state", "BOT", "channel", "wechat")));
    await(storeA.enqueue(conversationId, skill, start.plus(SLA), false, "", "test"));
    await(nodeA.track(await(storeA.get(conversationId))));
    await(nodeB.sweep());
    // other tests' conversations may wait in the same Redis, so look at this one only
    assertThat(nodeA.holds(conversationId)).isTrue();
    assertThat(nodeB.holds(conversationId)).as("node A holds the timers").isFalse();

    timeA.advanceBy(Duration.ofSeconds(55));                       // A raises the 50 % warning ...
    timeB.advanceBy(Duration.ofSeconds(55));
    waitFor(() -> warnings(registryA, skill, "50") == 1);
    // ... and dies: its clock stops and it renews its lease no more. B takes the timers once the lease is gone.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!nodeB.holds(conversationId) && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(100);
      await(nodeB.sweep());
    }
    assertThat(nodeB.holds(conversationId)).as("B took the timers over").isTrue();
    timeB.advanceBy(Duration.ofSeconds(1));                        // the re-armed clock fires the 50 % once more
    timeB.advanceBy(Duration.ofSeconds(30));                       // 86 s: the 80 % warning is B's
    waitFor(() -> warnings(registryB, skill, "80") == 1);
    timeB.advanceBy(Duration.ofSeconds(20));                       // 106 s: 95 % and the breach
    waitFor(() -> breaches(registryB, skill) == 1);

    assertThat(warnings(registryA, skill, "50") + warnings(registryB, skill, "50")).as("50 %% raised once").isEqualTo(1);
    assertThat(warnings(registryB, skill, "50")).as("not again by the node that took over").isZero();
    assertThat(warnings(registryA, skill, "80") + warnings(registryB, skill, "80")).isEqualTo(1);
    assertThat(warnings(registryA, skill, "95") + warnings(registryB, skill, "95")).isEqualTo(1);
    assertThat(breaches(registryA, skill) + breaches(registryB, skill)).isEqualTo(1);
  }

  private static double warnings(SimpleMeterRegistry registry, String skill, String at) {
    Counter c = registry.find(KefuMetrics.SLA_WARNINGS).tag("skill", skill).tag("at", at).counter();
    return c == null ? 0 : c.count();
  }

  private static double breaches(SimpleMeterRegistry registry, String skill) {
    Counter c = registry.find(KefuMetrics.SLA_BREACHES).tag("skill", skill).counter();
    return c == null ? 0 : c.count();
  }

  /** Checkpoints are raised after a Redis read; waits (bounded) for the one expected. */
  private static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.get() && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    // a duplicate would follow its original at once; give it the same chance to show before asserting
    TimeUnit.MILLISECONDS.sleep(200);
  }
}
