package io.kefu.bot;

import io.kefu.nlp.NlpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers text turns with the NLP pipeline and {@link BotPolicy}. A text the pipeline has analysed before is
 * answered from its cached analysis on the caller's thread (microseconds, never queued behind other turns); only
 * never-seen texts go to the given executor (a named worker pool) behind an {@link AdmissionGate}, which bounds
 * how long they may wait for a worker. Other turns (follows, media), turns that arrive before the models are
 * loaded, turns refused by the gate and turns that waited past its bound go to the fallback responder, so every
 * message still gets an answer in time.
 *
 * <p>Only the analysis of a text is cached, never a decision: every turn is decided afresh with its conversation's
 * {@link DialogueState} (open clarification, pending slot, misses), read after the analysis, and with the
 * {@link OverloadSignal} of that moment.
 */
public final class NlpResponder implements Responder {
  private static final Logger LOG = LoggerFactory.getLogger(NlpResponder.class);

  private final Supplier<LoadedCorpus> corpus;
  private final DialogueMemory memory;
  private final Executor executor;
  private final AdmissionGate gate;
  private final OverloadSignal overload;
  private final Responder fallback;
  private final Clock clock;
  private final WarningThrottle saturation = new WarningThrottle(10_000);

  public NlpResponder(Supplier<LoadedCorpus> corpus, DialogueMemory memory, Executor executor, AdmissionGate gate,
                      OverloadSignal overload, Responder fallback, Clock clock) {
    this.corpus = corpus;
    this.memory = memory;
    this.executor = executor;
    this.gate = gate;
    this.overload = overload;
    this.fallback = fallback;
    this.clock = clock;
  }

  @Override
  public boolean ready() {
    return corpus.get() != null;
  }

  @Override
  public CompletionStage<Decision> respond(BotRequest request) {
    LoadedCorpus loaded = corpus.get();
    if (!(request.utterance() instanceof Utterance.Text text) || loaded == null) {
      return fallback.respond(request);
    }
    NlpResult known;
    try {
      known = loaded.pipeline().cached(text.text());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // as a failure on the pool would have been reported
    }
    if (known != null) {
      return decide(request, loaded, known);
    }
    if (!gate.tryEnter()) {
      saturated(request, "expected wait " + gate.expectedWait().toMillis() + " ms, " + gate.inFlight() + " in flight");
      return fallback.respond(request);
    }
    Instant admitted = clock.instant();
    CompletableFuture<NlpResult> analysed = new CompletableFuture<>();
    try {
      executor.execute(() -> analyse(loaded, text.text(), admitted, analysed));
    } catch (RejectedExecutionException e) {
      gate.leave();
      return fallback.respond(request);
    }
    return analysed.thenCompose(nlp -> {
      if (nlp == null) {
        saturated(request, "waited past " + gate.maxWait().toMillis() + " ms for a worker");
        return fallback.respond(request);
      }
      return decide(request, loaded, nlp);
    });
  }

  /** On the worker: analyses unless the turn waited past the gate's bound (then completes with null). */
  private void analyse(LoadedCorpus loaded, String text, Instant admitted, CompletableFuture<NlpResult> analysed) {
    Instant start = clock.instant();
    if (gate.waitedTooLong(Duration.between(admitted, start))) {
      gate.leave();
      analysed.complete(null);
      return;
    }
    NlpResult nlp;
    try {
      nlp = loaded.pipeline().analyse(text);
    } catch (RuntimeException | Error e) {
      gate.leave();
      analysed.completeExceptionally(e);
      return;
    }
    gate.leave(Duration.between(start, clock.instant()));
    analysed.complete(nlp);
  }

  private CompletionStage<Decision> decide(BotRequest request, LoadedCorpus loaded, NlpResult nlp) {
    return memory.load(request.conversationId())
        .thenApply(state -> loaded.policy().decide(nlp, state, clock.millis(), overload.active()))
        .thenCompose(outcome -> memory.save(request.conversationId(), outcome.next()).thenApply(v -> outcome.decision()));
  }

  /** Logs at most once per 10 s, with how many turns went to the fallback since the last line. */
  private void saturated(BotRequest request, String why) {
    long count = saturation.count(clock.millis());
    if (count > 0) {
      LOG.warn("NLP saturated ({}): {} turn(s) answered by the fallback since the last report, the latest of"
          + " conversation {}", why, count, request.conversationId());
    }
  }
}
