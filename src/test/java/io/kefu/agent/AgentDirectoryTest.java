package io.kefu.agent;

import static io.kefu.testing.Futures.await;
import static io.kefu.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.store.EmbeddedRedis;
import io.kefu.store.RedisKeys;
import io.kefu.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AgentDirectoryTest {
  private Redis redis;
  private AgentDirectory directory;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    directory = new AgentDirectory(vertx, redis, Clock.systemUTC(), new PasswordHasher(1_000));
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  static String randomId() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static AgentAccount agent(String id) {
    return new AgentAccount(id, "测试坐席", Set.of(Role.AGENT), Set.of("general", "billing"), 4, false);
  }

  private String field(String id, String field) throws Exception {
    Response value = await(redis.send(Request.cmd(Command.HGET).arg(RedisKeys.agent(id)).arg(field)));
    return value == null ? null : value.toString();
  }

  @Test
  void createdAccountReadsBackWithoutItsPassword() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    AgentAccount stored = await(directory.get(id));
    assertThat(stored).isEqualTo(agent(id));
    assertThat(stored.toJson().encode()).doesNotContain("pbkdf2");
    assertThat(field(id, "pwd")).startsWith("pbkdf2-sha256$1000$");
    assertThat(field(id, "createdAt")).matches("\\d+");
    assertThat(await(directory.list())).contains(agent(id));
  }

  @Test
  void secondCreateWithTheSameIdIsAConflict() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    Throwable err = failure(directory.create(agent(id).withName("另一个"), "password-2"));
    assertThat(err).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(await(directory.get(id)).name()).isEqualTo("测试坐席");
    assertThat(await(directory.authenticate(id, "password-1")).id()).isEqualTo(id);
  }

  @Test
  void shortPasswordIsRefused() throws Exception {
    String id = randomId();
    Throwable err = failure(directory.create(agent(id), "short"));
    assertThat(err).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("password:");
    assertThat(await(directory.get(id))).isNull();
  }

  @Test
  void unknownIdReadsAsNull() throws Exception {
    assertThat(await(directory.get(randomId()))).isNull();
    assertThat(await(directory.get("NOT A VALID ID"))).isNull();
  }

  @Test
  void updateKeepsFieldsOthersWroteToTheSameHash() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    await(redis.send(Request.cmd(Command.HSET).arg(RedisKeys.agent(id)).arg("presence").arg("online")
        .arg("presenceAt").arg("123")));
    AgentAccount changed = agent(id).withName("新名字").withRoles(Set.of(Role.SUPERVISOR)).withMaxChats(9)
        .withDisabled(true);
    await(directory.update(changed));
    assertThat(await(directory.get(id))).isEqualTo(changed);
    assertThat(field(id, "presence")).isEqualTo("online");
    assertThat(field(id, "presenceAt")).isEqualTo("123");
    assertThat(field(id, "pwd")).as("password hash untouched").startsWith("pbkdf2-sha256$");
  }

  @Test
  void updateOfAMissingAccountIsNotFoundAndCreatesNothing() throws Exception {
    String id = randomId();
    Throwable err = failure(directory.update(agent(id)));
    assertThat(err).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(await(redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.agent(id)))).toInteger()).isZero();
  }

  @Test
  void authenticateAcceptsTheRightPasswordOnly() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    assertThat(await(directory.authenticate(id, "password-1"))).isEqualTo(agent(id));
    Throwable wrong = failure(directory.authenticate(id, "password-2"));
    Throwable unknown = failure(directory.authenticate(randomId(), "password-1"));
    assertThat(wrong).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("invalid_credentials");
    });
    assertThat(unknown).as("unknown id looks exactly like a wrong password").isInstanceOfSatisfying(ApiException.class,
        e -> {
          assertThat(e.code()).isEqualTo(((ApiException) wrong).code());
          assertThat(e.getMessage()).isEqualTo(wrong.getMessage());
        });
  }

  @Test
  void disabledAccountCannotLogIn() throws Exception {
    String id = randomId();
    await(directory.create(agent(id).withDisabled(true), "password-1"));
    Throwable err = failure(directory.authenticate(id, "password-1"));
    assertThat(err).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("account_disabled");
    });
  }

  @Test
  void fiveFailuresLockTheIdEvenForTheRightPasswordUntilItIsReset() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    for (int i = 0; i < AgentDirectory.MAX_FAILURES; i++) {
      assertThat(failure(directory.authenticate(id, "wrong-" + i)))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    Throwable locked = failure(directory.authenticate(id, "password-1"));
    assertThat(locked).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.code()).isEqualTo("locked");
    });
    long ttl = await(redis.send(Request.cmd(Command.PTTL).arg(RedisKeys.agentLoginFailures(id)))).toLong();
    assertThat(ttl).isBetween(AgentDirectory.LOCKOUT.toMillis() - 60_000, AgentDirectory.LOCKOUT.toMillis());

    await(directory.setPassword(id, "password-new"));
    assertThat(await(directory.authenticate(id, "password-new")).id()).isEqualTo(id);
    assertThat(failure(directory.authenticate(id, "password-1"))).isInstanceOf(ApiException.class);
  }

  @Test
  void fewerThanFiveFailuresThenSuccessClearTheCount() throws Exception {
    String id = randomId();
    await(directory.create(agent(id), "password-1"));
    for (int i = 0; i < AgentDirectory.MAX_FAILURES - 1; i++) {
      failure(directory.authenticate(id, "wrong"));
    }
    await(directory.authenticate(id, "password-1"));
    assertThat(await(redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.agentLoginFailures(id)))).toInteger())
        .isZero();
    failure(directory.authenticate(id, "wrong"));
    assertThat(await(directory.authenticate(id, "password-1")).id()).as("not locked after the reset").isEqualTo(id);
  }

  @Test
  void unknownIdsAreLockedToo() throws Exception {
    String id = randomId();
    for (int i = 0; i < AgentDirectory.MAX_FAILURES; i++) {
      failure(directory.authenticate(id, "guess-" + i));
    }
    assertThat(failure(directory.authenticate(id, "guess")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));
  }

  @Test
  void setPasswordOfAMissingAccountIsNotFound() throws Exception {
    assertThat(failure(directory.setPassword(randomId(), "password-1")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  /** Needs a directory nobody else writes to, so it runs on a Redis of its own. */
  @Test
  void bootstrapAdminIsCreatedOnlyInAnEmptyDirectory(Vertx vertx, @TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedRedis own = EmbeddedRedis.start(dir, port, "no")) {
      Redis ownRedis = Redis.createClient(vertx, own.connectionString());
      try {
        AgentDirectory fresh = new AgentDirectory(vertx, ownRedis, Clock.systemUTC(), new PasswordHasher(1_000));
        assertThat(await(fresh.ensureBootstrapAdmin("admin", "bootstrap-pw"))).isTrue();
        assertThat(await(fresh.ensureBootstrapAdmin("admin", "other-password"))).isFalse();
        assertThat(await(fresh.ensureBootstrapAdmin("admin2", "other-password"))).isFalse();
        List<AgentAccount> all = await(fresh.list());
        assertThat(all).extracting(AgentAccount::id).containsExactly("admin");
        assertThat(all.get(0).has(Role.ADMIN)).isTrue();
        assertThat(all.get(0).groups()).containsExactly("general");
        assertThat(await(fresh.authenticate("admin", "bootstrap-pw")).id()).isEqualTo("admin");
      } finally {
        ownRedis.close();
      }
    }
  }

  @Test
  void bootstrapDoesNothingWhenAnyAgentExists() throws Exception {
    await(directory.create(agent(randomId()), "password-1"));
    String id = randomId();
    assertThat(await(directory.ensureBootstrapAdmin(id, "password-1"))).isFalse();
    assertThat(await(directory.get(id))).isNull();
  }
}
