package io.kefu.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends a scenario's messages open loop: message {@code i} is due at {@code start + i / rate} and goes out then,
 * however many earlier ones are still unanswered; its latency runs from that intended time (so a stalled server
 * cannot hide its stall by slowing the generator down: no coordinated omission). A push unanswered after the
 * reply timeout is dropped and sent again with the same MsgId, as WeChat does, up to the retry count; a push refused
 * with 503 is sent again at that same time (WeChat retries what it could not deliver). Pushes go out from the
 * generator's event loops in turn, each loop with its own keep-alive connections ({@link LoopConnections}). An
 * acknowledgement without a reply ('success') is matched with the next customer-service message the fake API gets
 * for that user, which gives the latency of the asynchronous answer from the same intended time.
 */
public final class OpenLoopRun {
  private static final long HIGHEST_US = TimeUnit.SECONDS.toMicros(60);

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final String host;
  private final int port;
  private final CallbackTarget target;
  private final LoadScenario scenario;

  private final Histogram latency = new ConcurrentHistogram(HIGHEST_US, 3);
  private final Histogram asyncLatency = new ConcurrentHistogram(HIGHEST_US, 3);
  private final LongAdder refused = new LongAdder();
  private final LongAdder answeredOnRetry = new LongAdder();
  private final LongAdder lateOnRetry = new LongAdder();
  private final LongAdder lateAsync = new LongAdder();
  /** Intended send times of measured pushes acknowledged with 'success', per user, oldest first. */
  private final Map<String, java.util.concurrent.ConcurrentLinkedQueue<Long>> awaitingAsync = new ConcurrentHashMap<>();
  private Context[] loops;
  private volatile double achieved;
  private final AtomicLong sentTotal = new AtomicLong();
  private LoopConnections[] connections;
  private final LongAdder passive = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder measuredSent = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<MessageMix.Kind, LongAdder> kinds = new ConcurrentHashMap<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong measuredOutstanding = new AtomicLong();

  public OpenLoopRun(Vertx vertx, HttpClientAgent client, String host, int port, CallbackTarget target,
                     LoadScenario scenario) {
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      throw new IllegalArgumentException("load runs target 127.0.0.1 only, not " + host);
    }
    this.vertx = vertx;
    this.client = client;
    this.host = host;
    this.port = port;
    this.target = target;
    this.scenario = scenario;
  }

  /** What one run measured (the recorded part, after the warm-up). */
  /**
   * {@code latency}: of every HTTP answer; {@code late}: answers to a first delivery later than 4.5 s;
   * {@code refused}: deliveries answered 503; {@code answeredOnRetry}/{@code lateOnRetry}: pushes answered only on a
   * retry (and of those, later than 4.5 s); {@code asyncLatency}/{@code lateAsync}: the customer-service messages
   * that answered a 'success', from the push's intended send time; {@code asyncUnmatched}: 'success'es no message
   * followed.
   */
  public record Result(String label, double targetRate, double achievedRate, long sent, Histogram latency,
                       long passive, long acknowledged, long late, long retries, Map<String, Long> errors,
                       Map<MessageMix.Kind, Long> kinds, long unfinished, long refused, long answeredOnRetry,
                       long lateOnRetry, Histogram asyncLatency, long lateAsync, long asyncUnmatched) {
    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final class Flight {
    final long intendedNanos;
    final boolean measured;
    final String user;
    final String text;
    final long msgId;
    int attempt;
    boolean done;
    final int loop;
    boolean refused;
    HttpClientRequest request;
    long timer = -1;

    Flight(long intendedNanos, boolean measured, String user, String text, long msgId, int loop) {
      this.loop = loop;
      this.intendedNanos = intendedNanos;
      this.measured = measured;
      this.user = user;
      this.text = text;
      this.msgId = msgId;
    }
  }

  /** Runs the scenario to the end (blocking the calling thread, which paces the sends) and drains the replies. */
  public Result run(String label, MessageMix mix, long firstMsgId) throws InterruptedException {
    double rate = scenario.rate();
    long warmupCount = Math.round(scenario.warmup().toNanos() / 1e9 * rate);
    long total = warmupCount + Math.round(scenario.duration().toNanos() / 1e9 * rate);
    double intervalNanos = 1e9 / rate;
    Random users = new Random(scenario.seed() ^ 0x5DEECE66DL);
    startLoops();
    long escalationUser = scenario.users();
    long start = System.nanoTime();
    long firstMeasured = 0;
    long lastSend = 0;
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * intervalNanos);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      MessageMix.Message message = mix.next();
      boolean measured = i >= warmupCount;
      if (measured) {
        kinds.computeIfAbsent(message.kind(), k -> new LongAdder()).increment();
        measuredSent.increment();
        if (firstMeasured == 0) {
          firstMeasured = System.nanoTime();
        }
      }
      // a customer asking for a human stays with humans: such requests come from users of their own
      long userNumber = message.kind() == MessageMix.Kind.ESCALATION ? escalationUser++ : users.nextInt(scenario.users());
      int loop = (int) (i % loops.length);
      Flight flight = new Flight(intended, measured, target.user(userNumber), message.text(), firstMsgId + i, loop);
      outstanding.incrementAndGet();
      sentTotal.incrementAndGet();
      if (measured) {
        measuredOutstanding.incrementAndGet();
      }
      loops[loop].runOnContext(v -> attempt(flight));
      lastSend = System.nanoTime();
    }
    double seconds = Math.max(1e-9, (lastSend - firstMeasured) / 1e9);
    achieved = measuredSent.sum() <= 1 ? 0 : (measuredSent.sum() - 1) / seconds;
    long drainUntil = System.nanoTime() + scenario.replyTimeout().multipliedBy(scenario.retries() + 1).toNanos()
        + TimeUnit.SECONDS.toNanos(5);
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(20);
    }
    return result(label);
  }

  /** What was measured so far (after {@link #run}; later calls also include asynchronous answers that came since). */
  public Result result(String label) {
    Map<String, Long> errorCounts = new java.util.TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    Map<MessageMix.Kind, Long> kindCounts = new java.util.EnumMap<>(MessageMix.Kind.class);
    kinds.forEach((k, v) -> kindCounts.put(k, v.sum()));
    long unmatched = awaitingAsync.values().stream().mapToLong(java.util.Collection::size).sum();
    return new Result(label, scenario.rate(), achieved, measuredSent.sum(), latency.copy(), passive.sum(), acknowledged.sum(),
        late.sum(), retries.sum(), errorCounts, kindCounts, measuredOutstanding.get(), refused.sum(),
        answeredOnRetry.sum(), lateOnRetry.sum(), asyncLatency.copy(), lateAsync.sum(), unmatched);
  }

  /** Pushes sent, warm-up included (each once; retries not counted). */
  public long sentTotal() {
    return sentTotal.get();
  }

  /** A customer-service message reached the fake API for {@code user}: it answers that user's oldest 'success'. */
  public void asyncAnswered(String user) {
    var queue = awaitingAsync.get(user);
    Long intended = queue == null ? null : queue.poll();
    if (intended == null) {
      return;
    }
    long nanos = System.nanoTime() - intended;
    asyncLatency.recordValue(Math.min(HIGHEST_US, Math.max(0, nanos / 1000)));
    if (nanos > LoadScenario.LATE.toNanos()) {
      lateAsync.increment();
    }
  }

  /** One event-loop context per generator loop (a deployed verticle each), and its connections. */
  private void startLoops() throws InterruptedException {
    int count = Math.max(1, Runtime.getRuntime().availableProcessors());
    java.util.List<Context> contexts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    CountDownLatch deployed = new CountDownLatch(1);
    vertx.deployVerticle(() -> new io.vertx.core.VerticleBase() {
      @Override
      public io.vertx.core.Future<?> start() {
        contexts.add(context);
        return io.vertx.core.Future.succeededFuture();
      }
    }, new io.vertx.core.DeploymentOptions().setInstances(count)).onComplete(ar -> deployed.countDown());
    if (!deployed.await(10, TimeUnit.SECONDS) || contexts.isEmpty()) {
      throw new IllegalStateException("generator event loops did not start");
    }
    loops = contexts.toArray(new Context[0]);
    connections = new LoopConnections[loops.length];
    for (int i = 0; i < loops.length; i++) {
      connections[i] = new LoopConnections(client, host, port, Math.max(1, scenario.connections() / loops.length));
    }
  }

  private void attempt(Flight flight) {
    int attempt = flight.attempt;
    CallbackTarget.Push push = target.push(flight.user, flight.text, flight.msgId);
    flight.timer = vertx.setTimer(scenario.replyTimeout().toMillis(), t -> timedOut(flight, attempt));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(push.uri()).putHeader("Content-Type", "text/xml");
    LoopConnections pool = connections[flight.loop];
    pool.acquire().compose(connection -> {
      if (flight.attempt != attempt) {
        pool.release(connection);
        return io.vertx.core.Future.<String>failedFuture("attempt abandoned");
      }
      return connection.request(options).compose(request -> {
        flight.request = request;
        return request.send(Buffer.buffer(push.body()));
      }).compose(response -> response.body().map(body -> {
        if (response.statusCode() != 200) {
          throw new HttpStatus(response.statusCode());
        }
        return body.toString(StandardCharsets.UTF_8);
      })).andThen(ar -> {
        if (ar.succeeded() || ar.cause() instanceof HttpStatus) {
          pool.release(connection);
        } else {
          pool.discard(connection);
        }
      });
    }).onComplete(ar -> {
      if (flight.done || flight.attempt != attempt) {
        return;
      }
      if (ar.failed() && ar.cause() instanceof HttpStatus s && s.status == 503) {
        // refused: WeChat sends it again when its reply timeout ends (the attempt's timer)
        flight.request = null;
        flight.refused = true;
        if (flight.measured) {
          refused.increment();
        }
        return;
      }
      flight.done = true;
      vertx.cancelTimer(flight.timer);
      long nanos = System.nanoTime() - flight.intendedNanos;
      if (ar.failed()) {
        error(flight, ar.cause() instanceof HttpStatus s ? "http_" + s.status : ar.cause().getClass().getSimpleName());
        return;
      }
      CallbackTarget.Answer answer;
      try {
        answer = target.open(ar.result());
      } catch (RuntimeException e) {
        error(flight, "reply_invalid");
        return;
      }
      if (flight.measured) {
        latency.recordValue(Math.min(HIGHEST_US, Math.max(0, nanos / 1000)));
        (answer.passive() ? passive : acknowledged).increment();
        boolean isLate = nanos > LoadScenario.LATE.toNanos();
        if (attempt > 0) {
          answeredOnRetry.increment();
          if (isLate) {
            lateOnRetry.increment();
          }
        } else if (isLate) {
          late.increment();
        }
        if (!answer.passive()) {
          awaitingAsync.computeIfAbsent(flight.user, u -> new java.util.concurrent.ConcurrentLinkedQueue<>())
              .add(flight.intendedNanos);
        }
      }
      finished(flight);
    });
  }

  private void timedOut(Flight flight, int attempt) {
    if (flight.done || flight.attempt != attempt) {
      return;
    }
    boolean wasRefused = flight.refused;
    flight.refused = false;
    HttpClientRequest abandoned = flight.request;
    flight.request = null;
    // the attempt is given up before the reset, whose failure arrives synchronously and must be ignored
    flight.attempt = attempt + 1;
    if (attempt >= scenario.retries()) {
      flight.done = true;
    }
    if (abandoned != null) {
      abandoned.reset();
    }
    if (attempt < scenario.retries()) {
      if (flight.measured) {
        retries.increment();
      }
      attempt(flight);
    } else {
      error(flight, wasRefused ? "refused_after_retries" : "no_reply_after_retries");
    }
  }

  private void error(Flight flight, String kind) {
    if (flight.measured) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
    finished(flight);
  }

  private void finished(Flight flight) {
    outstanding.decrementAndGet();
    if (flight.measured) {
      measuredOutstanding.decrementAndGet();
    }
  }

  private static final class HttpStatus extends RuntimeException {
    final int status;

    HttpStatus(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }
}
