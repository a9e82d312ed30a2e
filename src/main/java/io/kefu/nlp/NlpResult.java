package io.kefu.nlp;

import io.kefu.kb.FaqSearchResult;
import java.util.List;

/**
 * Everything the NLP core knows about one message: normalised text, entities, human-request/complaint flags and
 * sentiment, ranked intents with calibrated confidence and margin, and ranked FAQ hits.
 */
public record NlpResult(
    String normalized,
    List<Entity> entities,
    HumanRequestDetector.Signals signals,
    IntentClassifier.Prediction intents,
    FaqSearchResult faq,
    CorpusVersion version) {

  public NlpResult {
    entities = List.copyOf(entities);
  }
}
