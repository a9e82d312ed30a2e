package io.kefu.nlp;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stanford CoreNLP Chinese word segmentation ({@code tokenize,ssplit}, optionally {@code pos} and {@code ner}).
 * The CRF model is loaded once, lazily on first use or eagerly by {@link #load()}; annotation is thread-safe.
 */
public final class ChineseSegmenter implements Segmenter {
  private static final Logger LOG = LoggerFactory.getLogger(ChineseSegmenter.class);
  private static final String MODELS = "edu/stanford/nlp/models/";

  /** Which CRF segmentation model to use: {@code ctb.small} (default) loads faster than the full {@code ctb}. */
  public enum Model {
    CTB_SMALL("segmenter/chinese/ctb.small.gz"), CTB("segmenter/chinese/ctb.gz"), PKU("segmenter/chinese/pku.gz");

    private final String path;

    Model(String path) {
      this.path = MODELS + path;
    }

    public String path() {
      return path;
    }
  }

  /** Model and optional annotators. POS and NER load extra models (slower start, more memory). */
  public record Options(Model model, boolean pos, boolean ner) {
    public static final Options DEFAULT = new Options(Model.CTB_SMALL, false, false);
  }

  /** A word with its part-of-speech and NER tags (null when those annotators are off). */
  public record Token(String word, String pos, String ner, int begin, int end) {
  }

  private final Options options;
  private volatile StanfordCoreNLP pipeline;

  public ChineseSegmenter() {
    this(Options.DEFAULT);
  }

  public ChineseSegmenter(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  public boolean isLoaded() {
    return pipeline != null;
  }

  /** Loads the models now (blocking, a few seconds); idempotent. */
  public ChineseSegmenter load() {
    pipeline();
    return this;
  }

  private StanfordCoreNLP pipeline() {
    StanfordCoreNLP p = pipeline;
    if (p == null) {
      synchronized (this) {
        p = pipeline;
        if (p == null) {
          long t0 = System.nanoTime();
          p = new StanfordCoreNLP(properties(options));
          pipeline = p;
          LOG.info("CoreNLP Chinese segmenter {} loaded in {} ms", options, (System.nanoTime() - t0) / 1_000_000);
        }
      }
    }
    return p;
  }

  static Properties properties(Options options) {
    Properties props = new Properties();
    List<String> annotators = new ArrayList<>(List.of("tokenize", "ssplit"));
    if (options.pos() || options.ner()) {
      annotators.add("pos");
    }
    if (options.ner()) {
      annotators.add("lemma");
      annotators.add("ner");
    }
    props.setProperty("annotators", String.join(",", annotators));
    props.setProperty("tokenize.language", "zh");
    props.setProperty("segment.model", options.model().path());
    props.setProperty("segment.sighanCorporaDict", MODELS + "segmenter/chinese");
    props.setProperty("segment.serDictionary", MODELS + "segmenter/chinese/dict-chris6.ser.gz");
    props.setProperty("segment.sighanPostProcessing", "true");
    props.setProperty("ssplit.boundaryTokenRegex", "[.。]|[!?！？]+");
    props.setProperty("pos.model", MODELS + "pos-tagger/chinese-distsim.tagger");
    props.setProperty("ner.language", "chinese");
    props.setProperty("ner.model", MODELS + "ner/chinese.misc.distsim.crf.ser.gz");
    props.setProperty("ner.applyNumericClassifiers", "true");
    props.setProperty("ner.useSUTime", "false");
    props.setProperty("ner.applyFineGrained", "false");
    props.setProperty("ner.buildEntityMentions", "false");
    return props;
  }

  @Override
  public List<String> segment(String text) {
    List<Token> tokens = annotate(text);
    List<String> words = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      words.add(t.word());
    }
    return words;
  }

  public List<Token> annotate(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Annotation doc = new Annotation(text);
    pipeline().annotate(doc);
    List<CoreLabel> labels = doc.get(CoreAnnotations.TokensAnnotation.class);
    List<Token> out = new ArrayList<>(labels.size());
    for (CoreLabel l : labels) {
      out.add(new Token(l.word(), l.tag(), l.ner(), l.beginPosition(), l.endPosition()));
    }
    return out;
  }
}
