package io.kefu.nlp;

import java.util.ArrayList;
import java.util.List;

/** Turns text into an L2-normalised dense vector. Implementations are thread-safe. */
public interface Embedder {

  int dimension();

  float[] embed(String text);

  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embed(t));
    }
    return out;
  }
}
