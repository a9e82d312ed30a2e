package io.kefu.load;

import io.kefu.app.KefuServer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU time spent by this JVM (generator and Kefu together) and by Redis, for a CPU cost per message that does not
 * depend on how much of the shared machine the run got (wall-clock latencies do).
 */
public record CpuUse(double jvmSeconds, double redisSeconds) {

  public static CpuUse now(KefuServer server) {
    double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
    double redis = Double.NaN;
    try {
      String info = KefuUnderTest.await(server.redis().send(Request.cmd(Command.INFO).arg("cpu")), 10).toString();
      double sum = 0;
      for (String line : info.split("\r?\n")) {
        if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
          sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
        }
      }
      redis = sum;
    } catch (Exception | AssertionError e) {
      // reported as n/a
    }
    return new CpuUse(jvm, redis);
  }

  /** "µs of CPU per message" between {@code before} and this, over {@code messages}. */
  public String perMessage(CpuUse before, long messages) {
    long n = Math.max(1, messages);
    return String.format(Locale.ROOT, "JVM (generator + Kefu) %.0f µs, Redis %.0f µs per message over %d messages",
        (jvmSeconds - before.jvmSeconds) * 1e6 / n, (redisSeconds - before.redisSeconds) * 1e6 / n, messages);
  }
}
