package io.kefu.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kefu run}: starts a node and keeps it running until the process is stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start Kefu (embedded Redis and the demo account unless the configuration says otherwise).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = {"-c", "--config"}, description = "YAML configuration (default: config/kefu.yaml, or $KEFU_CONFIG)")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<KefuServer> server = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ConfigLoader.load(vertx, config, System.getenv())
        .compose(cfg -> KefuServer.start(vertx, cfg, registry))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            server.set(ar.result());
          } else {
            failure.set(ar.cause());
          }
          started.countDown();
        });
    started.await();
    if (failure.get() != null) {
      Throwable err = failure.get();
      if (err instanceof ConfigException) {
        System.err.println(err.getMessage());
      } else {
        LOG.error("Kefu failed to start", err);
      }
      vertx.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping Kefu");
      try {
        server.get().close().eventually(vertx::close).toCompletionStage().toCompletableFuture()
            .get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
      }
    }, "kefu-shutdown"));
    new CountDownLatch(1).await();
    return 0;
  }
}
