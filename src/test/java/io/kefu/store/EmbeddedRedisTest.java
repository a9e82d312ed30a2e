package io.kefu.store;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.app.KefuConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisTest {
  private static final KefuConfig.RedisSettings POOL = new KefuConfig.RedisSettings(null, 8, 64, 64, 0, "always");

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void dataSurvivesARestartThroughTheAppendOnlyFile(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    Vertx vertx = Vertx.vertx();
    try {
      EmbeddedRedis first = EmbeddedRedis.start(dataDir, port, "always");
      Redis redis = RedisClients.create(vertx, first.connectionString(), POOL);
      await(redis.send(Request.cmd(Command.SET).arg("kefu:test:durable").arg("保存")));
      redis.close();
      first.close();
      assertThat(Files.list(dataDir.resolve("redis")).map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("kefu.aof"));

      EmbeddedRedis second = EmbeddedRedis.start(dataDir, port, "always");
      Redis again = RedisClients.create(vertx, second.connectionString(), POOL);
      assertThat(await(again.send(Request.cmd(Command.GET).arg("kefu:test:durable"))).toString()).isEqualTo("保存");
      again.close();
      second.close();
    } finally {
      vertx.close();
    }
  }

  @Test
  void pooledClientRecoversAfterRedisRestarts(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    Vertx vertx = Vertx.vertx();
    EmbeddedRedis server = EmbeddedRedis.start(dataDir, port, "always");
    Redis redis = RedisClients.create(vertx, server.connectionString(), POOL);
    try {
      await(redis.send(Request.cmd(Command.SET).arg("kefu:test:k").arg("1")));
      server.close();
      boolean failedWhileDown;
      try {
        await(redis.send(Request.cmd(Command.GET).arg("kefu:test:k")));
        failedWhileDown = false;
      } catch (Exception expected) {
        failedWhileDown = true;
      }
      assertThat(failedWhileDown).as("commands fail while Redis is down").isTrue();
      server = EmbeddedRedis.start(dataDir, port, "always");
      String value = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (value == null && System.nanoTime() < deadline) {
        try {
          value = await(redis.send(Request.cmd(Command.GET).arg("kefu:test:k"))).toString();
        } catch (Exception stillReconnecting) {
          Thread.sleep(100);
        }
      }
      assertThat(value).as("same client works again after the restart").isEqualTo("1");
    } finally {
      redis.close();
      server.close();
      vertx.close();
    }
  }

  @Test
  void leftoverServerOfAKilledKefuIsStoppedBeforeANewOneStarts(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    EmbeddedRedis orphan = EmbeddedRedis.start(dataDir, port, "everysec");
    long orphanPid = Long.parseLong(Files.readString(dataDir.resolve("redis").resolve("redis.pid")).strip());
    assertThat(ProcessHandle.of(orphanPid)).isPresent();
    // a second start on the same data directory, as after kill -9 of the JVM that started the first
    EmbeddedRedis next = EmbeddedRedis.start(dataDir, port, "everysec");
    try {
      assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false))
          .as("the orphaned server was stopped").isFalse();
    } finally {
      next.close();
      orphan.close();
    }
  }
}
