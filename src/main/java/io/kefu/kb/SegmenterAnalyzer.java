package io.kefu.kb;

import io.kefu.nlp.Segmenter;
import org.apache.lucene.analysis.Analyzer;

/** Analyzer whose tokens are the words of a {@link Segmenter}. */
public final class SegmenterAnalyzer extends Analyzer {
  private final Segmenter segmenter;

  public SegmenterAnalyzer(Segmenter segmenter) {
    this.segmenter = segmenter;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new SegmenterTokenizer(segmenter));
  }
}
