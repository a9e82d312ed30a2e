package io.kefu.kb;

import io.kefu.nlp.Segmenter;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Lucene tokenizer emitting the words of a {@link Segmenter} (CoreNLP for Chinese). The whole input is read and
 * segmented in {@link #reset()}; offsets are recovered by scanning the input. Punctuation-only words are skipped.
 */
public final class SegmenterTokenizer extends Tokenizer {
  private final Segmenter segmenter;
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
  private String text = "";
  private List<String> words = List.of();
  private int next;
  private int cursor;
  private int skipped;

  public SegmenterTokenizer(Segmenter segmenter) {
    this.segmenter = segmenter;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[256];
    int n;
    while ((n = input.read(buf)) != -1) {
      sb.append(buf, 0, n);
    }
    text = sb.toString();
    words = segmenter.segment(text);
    next = 0;
    cursor = 0;
    skipped = 0;
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    while (next < words.size()) {
      String w = words.get(next++);
      int start = text.indexOf(w, cursor);
      if (start < 0) {
        start = cursor;
      }
      int end = Math.min(text.length(), start + w.length());
      cursor = end;
      if (w.codePoints().noneMatch(Character::isLetterOrDigit)) {
        skipped++;
        continue;
      }
      term.setEmpty().append(w);
      offset.setOffset(correctOffset(start), correctOffset(end));
      position.setPositionIncrement(1 + skipped);
      skipped = 0;
      return true;
    }
    return false;
  }

  @Override
  public void end() throws IOException {
    super.end();
    int finalOffset = correctOffset(text.length());
    offset.setOffset(finalOffset, finalOffset);
    position.setPositionIncrement(position.getPositionIncrement() + skipped);
  }

  @Override
  public void close() throws IOException {
    super.close();
    text = "";
    words = List.of();
  }
}
