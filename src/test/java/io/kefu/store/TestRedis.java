package io.kefu.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Redis tests talk to: {@code $KEFU_TEST_REDIS} if set, else the machine's Redis on
 * 127.0.0.1:6379 if one answers, else an embedded Redis started once for the test JVM. So
 * {@code mvn test} works on a fresh machine too; CI starts a system Redis first.
 */
public final class TestRedis {
  private static String url;

  private TestRedis() {
  }

  public static synchronized String url() {
    if (url == null) {
      url = resolve();
    }
    return url;
  }

  private static String resolve() {
    String configured = System.getenv("KEFU_TEST_REDIS");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 300);
      return "redis://127.0.0.1:6379";
    } catch (IOException noLocalRedis) {
      return startEmbedded();
    }
  }

  private static String startEmbedded() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path dir = Files.createTempDirectory("kefu-test-redis");
      EmbeddedRedis redis = EmbeddedRedis.start(dir, port, "no");
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
      return redis.connectionString();
    } catch (IOException e) {
      throw new IllegalStateException("No Redis on 127.0.0.1:6379 and the embedded one did not start", e);
    }
  }
}
