package io.kefu.kb;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;

/** Character 1..n-gram analyzer for normalised text (no segmentation needed, robust to typos). */
public final class CharNgramAnalyzer extends Analyzer {
  private final int minGram;
  private final int maxGram;

  public CharNgramAnalyzer(int minGram, int maxGram) {
    this.minGram = minGram;
    this.maxGram = maxGram;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new NGramTokenizer(minGram, maxGram));
  }
}
