package io.kefu.nlp;

import java.util.List;

/**
 * The cheap, embedding-free front half of the pipeline: normalise, extract entities, detect human requests and
 * complaints, segment, and build classifier features. Thread-safe when its parts are.
 */
public final class MessageAnalyzer {

  /** Everything known about a message before classification. */
  public record Analysis(
      String normalized,
      int emojiSentiment,
      List<Entity> entities,
      List<String> words,
      List<String> features,
      HumanRequestDetector.Signals signals) {
  }

  private final TextNormalizer normalizer;
  private final EntityExtractor entities;
  private final HumanRequestDetector detector;
  private final Segmenter segmenter;
  private final Featurizer featurizer;

  public MessageAnalyzer(TextNormalizer normalizer, EntityExtractor entities, HumanRequestDetector detector,
      Segmenter segmenter, Featurizer featurizer) {
    this.normalizer = normalizer;
    this.entities = entities;
    this.detector = detector;
    this.segmenter = segmenter;
    this.featurizer = featurizer;
  }

  public MessageAnalyzer(Segmenter segmenter, Featurizer.Config features) {
    this(new TextNormalizer(), new EntityExtractor(), new HumanRequestDetector(), segmenter, new Featurizer(features));
  }

  public Segmenter segmenter() {
    return segmenter;
  }

  public TextNormalizer normalizer() {
    return normalizer;
  }

  public Analysis analyse(String raw) {
    TextNormalizer.Normalized n = normalizer.analyse(raw);
    return analyseNormalized(n.text(), n.emojiSentiment());
  }

  public Analysis analyseNormalized(String normalized, int emojiSentiment) {
    List<Entity> found = entities.extract(normalized);
    List<String> words = featurizer.config().words() ? segmenter.segment(normalized) : List.of();
    List<String> features = featurizer.features(normalized, words, found);
    return new Analysis(normalized, emojiSentiment, found, words, features, detector.detect(normalized, emojiSentiment));
  }
}
