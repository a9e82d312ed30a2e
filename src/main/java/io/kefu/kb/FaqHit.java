package io.kefu.kb;

/**
 * A ranked FAQ entry: combined {@code score}, its BM25 part (normalised to the best candidate) and cosine part,
 * and the question or paraphrase that matched best.
 */
public record FaqHit(FaqEntry entry, double score, double bm25, double cosine, String matched) {
}
