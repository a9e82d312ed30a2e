package io.kefu.bot;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers text turns with the NLP pipeline and {@link BotPolicy}. The blocking analysis runs on the
 * given executor (a named worker pool) behind an {@link AdmissionGate}. Other turns (follows, media),
 * turns that arrive before the models are loaded and turns refused by the gate go to the fallback
 * responder, so every message still gets an answer. Whether agents are overloaded is read from the
 * {@link OverloadSignal} for every turn, when the policy decides (decisions are never cached; only the NLP
 * analysis of a text is, and it does not depend on the signal).
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
    if (!gate.tryEnter()) {
      LOG.warn("NLP saturated ({} in flight): conversation {} answered by the fallback", gate.inFlight(),
          request.conversationId());
      return fallback.respond(request);
    }
    CompletionStage<Decision> decision = memory.load(request.conversationId())
        .thenApplyAsync(state -> loaded.policy().decide(loaded.pipeline().analyse(text.text()), state,
            clock.millis(), overload.active()), executor)
        .thenCompose(outcome -> memory.save(request.conversationId(), outcome.next()).thenApply(v -> outcome.decision()));
    return decision.whenComplete((d, err) -> gate.leave()).exceptionallyCompose(err -> {
      if (rootCause(err) instanceof RejectedExecutionException) {
        return fallback.respond(request);
      }
      return CompletableFuture.failedFuture(err);
    });
  }

  private static Throwable rootCause(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
