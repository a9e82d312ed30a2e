package io.kefu.ops.eval;

import io.kefu.nlp.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An embedder that remembers every vector it computed (one eval run embeds the same texts several times). */
final class MemoEmbedder implements Embedder {
  private final Embedder model;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  MemoEmbedder(Embedder model) {
    this.model = model;
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  @Override
  public float[] embed(String text) {
    return vectors.computeIfAbsent(text, model::embed);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<String> missing = texts.stream().filter(t -> !vectors.containsKey(t)).distinct().toList();
    if (!missing.isEmpty()) {
      List<float[]> computed = model.embedAll(missing);
      for (int i = 0; i < missing.size(); i++) {
        vectors.put(missing.get(i), computed.get(i));
      }
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(vectors.get(t));
    }
    return out;
  }
}
