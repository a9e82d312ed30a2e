package io.kefu.ops.eval;

/**
 * Retrieval quality: share of queries whose relevant document ranks first / in the top 5, and MRR@10; where
 * measured ({@code answered >= 0}), how many queries' best hit clears the bot's FAQ score and margin thresholds and
 * how many of those are the relevant document.
 */
public record RetrievalReport(String name, int queries, int documents, double hitAt1, double hitAt5, double mrr,
    int answered, int answeredRight) {

  /** Computes the report from the 1-based rank of each query's relevant document (0 = not in the top 10). */
  public static RetrievalReport of(String name, int documents, int[] ranks) {
    return of(name, documents, ranks, -1, -1);
  }

  /** As {@link #of(String, int, int[])} with the counts at the bot's thresholds. */
  public static RetrievalReport of(String name, int documents, int[] ranks, int answered, int answeredRight) {
    int h1 = 0;
    int h5 = 0;
    double rr = 0;
    for (int r : ranks) {
      if (r == 1) {
        h1++;
      }
      if (r >= 1 && r <= 5) {
        h5++;
      }
      if (r >= 1 && r <= 10) {
        rr += 1.0 / r;
      }
    }
    int q = ranks.length;
    return new RetrievalReport(name, q, documents, q == 0 ? 0 : h1 / (double) q, q == 0 ? 0 : h5 / (double) q,
        q == 0 ? 0 : rr / q, answered, answeredRight);
  }
}
