package io.kefu.nlp;

/** One validation error in a corpus file; prints as {@code intents/orders.yml:42: message}. */
public record CorpusProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
