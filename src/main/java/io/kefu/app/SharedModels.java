package io.kefu.app;

import io.kefu.nlp.NlpPipeline;

/**
 * The segmenter and embedding model, loaded once per JVM (≈0.5 GB, a few seconds) and shared by every
 * corpus build, so reloads and several servers in one test JVM do not load them again.
 */
final class SharedModels {
  private static volatile NlpPipeline.Models models;

  private SharedModels() {
  }

  static NlpPipeline.Models get() {
    NlpPipeline.Models loaded = models;
    if (loaded == null) {
      synchronized (SharedModels.class) {
        loaded = models;
        if (loaded == null) {
          System.setProperty("OPT_OUT_TRACKING", "true");
          loaded = NlpPipeline.Models.load();
          models = loaded;
        }
      }
    }
    return loaded;
  }
}
