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
 * reply timeout is dropped and sent again with the same MsgId, as WeChat does, up to the retry count.
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
  public record Result(String label, double targetRate, double achievedRate, long sent, Histogram latency,
                       long passive, long acknowledged, long late, long retries, Map<String, Long> errors,
                       Map<MessageMix.Kind, Long> kinds, long unfinished) {
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
    HttpClientRequest request;
    long timer = -1;

    Flight(long intendedNanos, boolean measured, String user, String text, long msgId) {
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
    Context[] contexts = {vertx.getOrCreateContext(), vertx.getOrCreateContext()};
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
      Flight flight = new Flight(intended, measured, target.user(userNumber), message.text(), firstMsgId + i);
      outstanding.incrementAndGet();
      if (measured) {
        measuredOutstanding.incrementAndGet();
      }
      contexts[(int) (i & 1)].runOnContext(v -> attempt(flight));
      lastSend = System.nanoTime();
    }
    double seconds = Math.max(1e-9, (lastSend - firstMeasured) / 1e9);
    double achieved = measuredSent.sum() <= 1 ? 0 : (measuredSent.sum() - 1) / seconds;
    long drainUntil = System.nanoTime() + scenario.replyTimeout().multipliedBy(scenario.retries() + 1).toNanos()
        + TimeUnit.SECONDS.toNanos(5);
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(20);
    }
    Map<String, Long> errorCounts = new java.util.TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    Map<MessageMix.Kind, Long> kindCounts = new java.util.EnumMap<>(MessageMix.Kind.class);
    kinds.forEach((k, v) -> kindCounts.put(k, v.sum()));
    return new Result(label, rate, achieved, measuredSent.sum(), latency.copy(), passive.sum(), acknowledged.sum(),
        late.sum(), retries.sum(), errorCounts, kindCounts, measuredOutstanding.get());
  }

  private void attempt(Flight flight) {
    int attempt = flight.attempt;
    CallbackTarget.Push push = target.push(flight.user, flight.text, flight.msgId);
    flight.timer = vertx.setTimer(scenario.replyTimeout().toMillis(), t -> timedOut(flight, attempt));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(push.uri()).putHeader("Content-Type", "text/xml");
    client.request(options).compose(request -> {
      if (flight.attempt != attempt) {
        request.reset();
        return io.vertx.core.Future.failedFuture("attempt abandoned");
      }
      flight.request = request;
      return request.send(Buffer.buffer(push.body()));
    }).compose(response -> response.body().map(body -> {
      if (response.statusCode() != 200) {
        throw new HttpStatus(response.statusCode());
      }
      return body.toString(StandardCharsets.UTF_8);
    })).onComplete(ar -> {
      if (flight.done || flight.attempt != attempt) {
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
        if (nanos > LoadScenario.LATE.toNanos()) {
          late.increment();
        }
      }
      finished(flight);
    });
  }

  private void timedOut(Flight flight, int attempt) {
    if (flight.done || flight.attempt != attempt) {
      return;
    }
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
      error(flight, "no_reply_after_retries");
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
