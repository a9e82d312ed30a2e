package io.kefu.bot;

import io.kefu.kb.FaqCorpus;
import io.kefu.kb.FaqEntry;
import io.kefu.kb.FaqHit;
import io.kefu.nlp.Entity;
import io.kefu.nlp.EntityKind;
import io.kefu.nlp.IntentClassifier;
import io.kefu.nlp.IntentCorpus;
import io.kefu.nlp.IntentDefinition;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.NlpResult;
import io.kefu.nlp.SlotDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's decision for one text turn, from the NLP result and what the bot remembers: answer,
 * ask to clarify (top FAQ questions as 1/2/3), ask for a missing slot, or hand over to a human.
 * Plain Java and deterministic: the same inputs give the same decision.
 *
 * <p>While human agents are overloaded, an intent the classifier is measurably precise about (golden-set
 * precision and sample count from {@link BotPolicyConfig}) is answered at {@code overloadConfidence} instead of
 * its normal threshold; such answers have the source {@code intent:<name>:overload} (or
 * {@code slot:<name>.<slot>:overload} when a slot is asked for). Escalating intents, human requests, complaints
 * and angry customers are decided as usual.
 */
public final class BotPolicy {
  static final String ESCALATE_HUMAN = "好的，正在为您转接人工客服，请稍候。";
  static final String ESCALATE_COMPLAINT = "非常抱歉给您带来不好的体验，已为您转接人工客服优先处理。";
  static final String ESCALATE_MISSES = "抱歉没能帮到您，正在为您转接人工客服，请稍候。";
  static final String CLARIFY = "您是想问以下哪个问题？回复序号即可：";
  static final String FALLBACK = "抱歉，我还没理解您的问题。您可以换个说法，或回复“人工”联系人工客服。";
  private static final Pattern CHOICE = Pattern.compile("^(?:第)?([1-3一二三])(?:个|条|项)?[。.!！]?$");
  private static final int LIKELY_INTENTS = 3;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
  static final String OVERLOAD = ":overload";

  private final IntentCorpus intents;
  private final FaqCorpus faq;
  private final BotPolicyConfig config;
  private final IntentPrecision precision;

  /** A policy without measured precision: overload never lowers a threshold. */
  public BotPolicy(IntentCorpus intents, FaqCorpus faq, BotPolicyConfig config) {
    this(intents, faq, config, IntentPrecision.NONE);
  }

  /** @param precision the classifier's golden-set precision per intent, for the overload rule */
  public BotPolicy(IntentCorpus intents, FaqCorpus faq, BotPolicyConfig config, IntentPrecision precision) {
    this.intents = intents;
    this.faq = faq;
    this.config = config;
    this.precision = precision;
  }

  /** A decision and the state to remember for the next turn. */
  public record Outcome(Decision decision, DialogueState next) {
  }

  /** The decision in normal operation (agents not overloaded). */
  public Outcome decide(NlpResult nlp, DialogueState state, long nowMillis) {
    return decide(nlp, state, nowMillis, false);
  }

  /** @param overloaded whether human agents are overloaded now ({@link OverloadSignal#active()}) */
  public Outcome decide(NlpResult nlp, DialogueState state, long nowMillis, boolean overloaded) {
    DialogueState current = nowMillis - state.updatedAtMillis() > config.memory().toMillis() ? DialogueState.EMPTY : state;

    Optional<FaqEntry> chosen = choice(nlp.normalized(), current);
    if (chosen.isPresent()) {
      return answered(new Decision.Answer(chosen.get().answer(), "faq:" + chosen.get().id()), nowMillis);
    }
    IntentClassifier.Prediction prediction = nlp.intents();
    Optional<IntentDefinition> intent = confidentIntent(prediction);
    Optional<IntentDefinition> overloadIntent = overloaded && intent.isEmpty()
        ? preciseIntentAtOverloadConfidence(prediction) : Optional.empty();
    // "客服热线是多少" or "周末有人工吗" name a human but ask a question the bot can answer
    boolean answerable = intent.isPresent() && !intent.get().escalate()
        && prediction.confidence() >= config.overrideConfidence();
    if (nlp.signals().complaint()) {
      return escalated("complaint", ESCALATE_COMPLAINT, nowMillis);
    }
    if (nlp.signals().humanRequested() && !answerable) {
      return escalated("human requested", ESCALATE_HUMAN, nowMillis);
    }
    if (nlp.signals().strongNegative() && intent.isEmpty()) {
      return escalated("negative sentiment", ESCALATE_COMPLAINT, nowMillis);
    }
    if (current.pendingIntent() != null) {
      Optional<IntentDefinition> pending = intents.intent(current.pendingIntent());
      if (pending.isPresent() && missingSlot(pending.get(), nlp.entities()).isEmpty()) {
        return answerIntent(pending.get(), nlp, nowMillis, "");
      }
    }
    if (CHOICE.matcher(nlp.normalized().strip()).matches()) {
      // a bare "1" with no open question means nothing; the classifier would only guess
      return miss(nlp, current, nowMillis);
    }

    Optional<FaqHit> faqHit = confidentFaq(nlp);
    if (faqHit.isPresent() && (intent.isPresent()
        ? faqMatches(faqHit.get(), intent.get()) : faqAmongLikelyIntents(faqHit.get(), prediction))) {
      FaqEntry entry = faqHit.get().entry();
      return answered(new Decision.Answer(entry.answer(), "faq:" + entry.id()), nowMillis);
    }
    if (intent.isPresent()) {
      return answerIntent(intent.get(), nlp, nowMillis, "");
    }
    if (overloadIntent.isPresent()) {
      return answerIntent(overloadIntent.get(), nlp, nowMillis, OVERLOAD);
    }
    Optional<IntentDefinition> sharedSlot = leadingIntentsNeedingTheSameSlot(prediction, nlp.entities());
    if (sharedSlot.isPresent()) {
      // unsure between e.g. "where is my parcel" and "my parcel is stuck", but both need the order number first
      return answerIntent(sharedSlot.get(), nlp, nowMillis, "");
    }
    return miss(nlp, current, nowMillis);
  }

  /**
   * Intents answered at {@code overloadConfidence} while agents are overloaded: not escalating, and precise
   * enough on the golden set. Sorted by name.
   */
  public List<String> overloadIntents() {
    return intents.intents().stream().filter(this::preciseEnoughForOverload).map(IntentDefinition::name).sorted()
        .toList();
  }

  private Outcome answerIntent(IntentDefinition intent, NlpResult nlp, long nowMillis, String sourceSuffix) {
    if (intent.escalate()) {
      return escalated("intent " + intent.name(), intent.responses().get(0), nowMillis);
    }
    Optional<SlotDefinition> missing = missingSlot(intent, nlp.entities());
    if (missing.isPresent()) {
      return new Outcome(new Decision.Answer(missing.get().prompt(),
          "slot:" + intent.name() + "." + missing.get().name() + sourceSuffix),
          new DialogueState(0, List.of(), intent.name(), nowMillis));
    }
    String response = intent.responses().get(Math.floorMod(nlp.normalized().hashCode(), intent.responses().size()));
    return answered(new Decision.Answer(fill(response, intent, nlp.entities()), "intent:" + intent.name() + sourceSuffix),
        nowMillis);
  }

  private Outcome miss(NlpResult nlp, DialogueState current, long nowMillis) {
    int misses = current.misses() + 1;
    if (misses >= config.missesBeforeHuman()) {
      return escalated("missed " + misses + " times", ESCALATE_MISSES, nowMillis);
    }
    List<FaqEntry> options = distinctEntries(nlp.faq().hits(), 3);
    if (options.isEmpty()) {
      return new Outcome(new Decision.Answer(FALLBACK, "fallback"), new DialogueState(misses, List.of(), null, nowMillis));
    }
    return new Outcome(new Decision.Clarify(CLARIFY, options.stream().map(FaqEntry::question).toList()),
        new DialogueState(misses, options.stream().map(FaqEntry::id).toList(), null, nowMillis));
  }

  private Optional<FaqEntry> choice(String text, DialogueState state) {
    if (state.options().isEmpty()) {
      return Optional.empty();
    }
    Matcher m = CHOICE.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    int index = switch (m.group(1)) {
      case "1", "一" -> 0;
      case "2", "二" -> 1;
      default -> 2;
    };
    return index < state.options().size() ? faq.entry(state.options().get(index)) : Optional.empty();
  }

  private Optional<IntentDefinition> confidentIntent(IntentClassifier.Prediction prediction) {
    if (prediction == null || prediction.ranked().isEmpty()) {
      return Optional.empty();
    }
    Optional<IntentDefinition> intent = intents.intent(prediction.intent());
    if (intent.isEmpty()) {
      return Optional.empty();
    }
    double threshold = intent.get().threshold().orElse(config.intentConfidence());
    return prediction.confidence() >= threshold && prediction.margin() >= config.intentMargin() ? intent : Optional.empty();
  }

  /**
   * The top intent when the classifier is measurably precise about it and it clears the lowered confidence. The
   * margin rule stays: per-intent precision says nothing about a near tie between two intents.
   */
  private Optional<IntentDefinition> preciseIntentAtOverloadConfidence(IntentClassifier.Prediction prediction) {
    if (prediction == null || prediction.ranked().isEmpty()
        || prediction.confidence() < config.overloadConfidence() || prediction.margin() < config.intentMargin()) {
      return Optional.empty();
    }
    return intents.intent(prediction.intent()).filter(this::preciseEnoughForOverload);
  }

  private boolean preciseEnoughForOverload(IntentDefinition intent) {
    return !intent.escalate()
        && precision.atLeast(intent.name(), config.overloadMinPrecision(), config.overloadMinSamples());
  }

  private Optional<FaqHit> confidentFaq(NlpResult nlp) {
    return nlp.faq().best().filter(hit -> hit.score() >= config.faqScore() && nlp.faq().margin() >= config.faqMargin());
  }

  /** An FAQ entry whose intent is not even among the likely intents is a lexical accident, not an answer. */
  private static boolean faqAmongLikelyIntents(FaqHit hit, IntentClassifier.Prediction prediction) {
    if (hit.entry().intent().isEmpty() || prediction == null) {
      return true;
    }
    return prediction.ranked().stream().limit(LIKELY_INTENTS)
        .anyMatch(scored -> scored.intent().equals(hit.entry().intent().get()));
  }

  private Optional<IntentDefinition> leadingIntentsNeedingTheSameSlot(IntentClassifier.Prediction prediction,
                                                                      List<Entity> entities) {
    if (prediction == null || prediction.ranked().size() < 2) {
      return Optional.empty();
    }
    Optional<IntentDefinition> first = intents.intent(prediction.ranked().get(0).intent());
    Optional<IntentDefinition> second = intents.intent(prediction.ranked().get(1).intent());
    if (first.isEmpty() || second.isEmpty() || first.get().escalate()
        || prediction.ranked().get(0).probability() + prediction.ranked().get(1).probability()
        < config.intentConfidence()) {
      return Optional.empty();
    }
    Optional<SlotDefinition> a = missingSlot(first.get(), entities);
    Optional<SlotDefinition> b = missingSlot(second.get(), entities);
    return a.isPresent() && b.isPresent() && a.get().entity() == b.get().entity() ? first : Optional.empty();
  }

  private static boolean faqMatches(FaqHit hit, IntentDefinition intent) {
    return hit.entry().intent().map(intent.name()::equals).orElse(true);
  }

  private static Optional<SlotDefinition> missingSlot(IntentDefinition intent, List<Entity> entities) {
    for (SlotDefinition slot : intent.slots()) {
      if (slot.required() && entities.stream().noneMatch(e -> e.kind() == slot.entity())) {
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }

  /** Replaces {@code {slot_name}} placeholders in a response with the extracted entity values. */
  private static String fill(String response, IntentDefinition intent, List<Entity> entities) {
    Matcher m = PLACEHOLDER.matcher(response);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = intent.slots().stream().filter(s -> s.name().equals(m.group(1))).findFirst()
          .flatMap(s -> entityValue(entities, s.entity())).orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Optional<String> entityValue(List<Entity> entities, EntityKind kind) {
    return entities.stream().filter(e -> e.kind() == kind).findFirst().map(Entity::value);
  }

  private static List<FaqEntry> distinctEntries(List<FaqHit> hits, int limit) {
    Set<String> seen = new LinkedHashSet<>();
    List<FaqEntry> entries = new ArrayList<>();
    for (FaqHit hit : hits) {
      if (seen.add(hit.entry().id())) {
        entries.add(hit.entry());
        if (entries.size() == limit) {
          break;
        }
      }
    }
    return entries;
  }

  private static Outcome answered(Decision decision, long nowMillis) {
    return new Outcome(decision, new DialogueState(0, List.of(), null, nowMillis));
  }

  private static Outcome escalated(String reason, String notice, long nowMillis) {
    return new Outcome(new Decision.Escalate(reason, notice), new DialogueState(0, List.of(), null, nowMillis));
  }
}
