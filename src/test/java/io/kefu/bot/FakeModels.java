package io.kefu.bot;

import io.kefu.nlp.Embedder;
import io.kefu.nlp.NlpPipeline;
import io.kefu.nlp.Segmenter;

/** Cheap stand-ins for CoreNLP and bge-small-zh: characters as words, hashed character bigrams as vectors. */
final class FakeModels {
  private FakeModels() {
  }

  static NlpPipeline.Models models() {
    return new NlpPipeline.Models(Segmenter.CHARACTERS, new HashedBigrams());
  }

  static final class HashedBigrams implements Embedder {
    private static final int DIM = 128;

    @Override
    public int dimension() {
      return DIM;
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[DIM];
      for (int i = 0; i + 1 < text.length(); i++) {
        v[Math.floorMod(text.substring(i, i + 2).hashCode(), DIM)] += 1;
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      if (norm > 0) {
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
          v[i] *= inv;
        }
      }
      return v;
    }
  }
}
