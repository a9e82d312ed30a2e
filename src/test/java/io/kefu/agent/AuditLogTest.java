package io.kefu.agent;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.store.TestRedis;
import io.kefu.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditLogTest {
  private Redis redis;
  private MutableClock clock;
  private AuditLog audit;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    clock = new MutableClock();
    audit = new AuditLog(redis, clock);
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void entriesComeBackNewestFirstWithTheClockTime() throws Exception {
    String actor = AgentDirectoryTest.randomId();
    await(audit.record(actor, "agent.create", "zhang", "roles=agent"));
    clock.advance(Duration.ofMinutes(1));
    await(audit.record(actor, "agent.update", "zhang", "disabled: false -> true"));

    List<AuditEntry> entries = await(audit.recent(10, actor));
    assertThat(entries).extracting(AuditEntry::action).containsExactly("agent.update", "agent.create");
    assertThat(entries.get(0).at()).isEqualTo(clock.instant());
    assertThat(entries.get(1).at()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
    assertThat(entries.get(0).target()).isEqualTo("zhang");
    assertThat(entries.get(0).detail()).isEqualTo("disabled: false -> true");
    assertThat(entries.get(0).id()).isNotEqualTo(entries.get(1).id());
  }

  @Test
  void actorFilterSkipsOtherActorsAcrossPages() throws Exception {
    String actor = AgentDirectoryTest.randomId();
    String other = AgentDirectoryTest.randomId();
    await(audit.record(actor, "login", actor, "first"));
    Future<Void> noise = Future.succeededFuture();
    for (int i = 0; i < 600; i++) {
      String detail = "noise " + i;
      noise = noise.compose(v -> audit.record(other, "login", other, detail));
    }
    await(noise);
    await(audit.record(other, "login", other, "last noise"));
    assertThat(await(audit.recent(5, actor))).extracting(AuditEntry::detail).containsExactly("first");
    assertThat(await(audit.recent(3, other))).extracting(AuditEntry::detail)
        .containsExactly("last noise", "noise 599", "noise 598");
  }

  @Test
  void limitIsCheckedAndHonoured() throws Exception {
    String actor = AgentDirectoryTest.randomId();
    for (int i = 0; i < 3; i++) {
      await(audit.record(actor, "login", actor, "n" + i));
    }
    assertThat(await(audit.recent(2, actor))).hasSize(2);
    assertThat(await(audit.recent(2, null))).hasSize(2);
    assertThat(failure(audit.recent(0, null))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(audit.recent(AuditLog.MAX_LIMIT + 1, null))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullsAreStoredAsEmptyAndLongDetailsClipped() throws Exception {
    String actor = AgentDirectoryTest.randomId();
    await(audit.record(actor, "login", null, "x".repeat(5_000)));
    AuditEntry entry = await(audit.recent(1, actor)).get(0);
    assertThat(entry.target()).isEmpty();
    assertThat(entry.detail()).hasSizeLessThanOrEqualTo(1_000).startsWith("xxx");
  }
}
