package io.kefu.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in the embedded-redis jar) started by Kefu when no external
 * Redis is configured. Data lives in {@code <dataDir>/redis} with AOF persistence, so the default set-up
 * is durable. A server left running by a Kefu that was killed is stopped first (via its pid file), so a
 * restart never leaves two servers on one data directory.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the server; blocks until it accepts connections (call it before the event loops need Redis,
   * or from a worker).
   */
  public static EmbeddedRedis start(Path dataDir, int port, String appendFsync) throws IOException {
    Path dir = dataDir.resolve("redis").toAbsolutePath();
    Files.createDirectories(dir);
    Path pidFile = dir.resolve("redis.pid");
    stopLeftover(pidFile);
    RedisServer server = RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("dir " + dir)
        .setting("appendonly yes")
        .setting("appendfilename kefu.aof")
        .setting("appendfsync " + appendFsync)
        .setting("save \"\"")
        .setting("pidfile " + pidFile)
        .setting("protected-mode yes")
        .onShutdownForceStop(true)
        .build();
    server.start();
    LOG.info("Embedded Redis started on 127.0.0.1:{} with AOF in {}", port, dir);
    return new EmbeddedRedis(server, port);
  }

  public String connectionString() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("Embedded Redis did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void stopLeftover(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile).strip();
    Files.deleteIfExists(pidFile);
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      return;
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(text))
        .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
    if (leftover.isEmpty()) {
      return;
    }
    LOG.warn("Stopping embedded Redis (pid {}) left running by an earlier Kefu on this data directory", text);
    ProcessHandle process = leftover.get();
    process.destroy();
    try {
      process.onExit().get(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }
}
