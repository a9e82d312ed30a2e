/**
 * FAQ knowledge base: {@link io.kefu.kb.FaqCorpusLoader} validates {@code kb/*.yml};
 * {@link io.kefu.kb.FaqIndex} is an in-memory Lucene index (character n-grams, CoreNLP words, down-weighted
 * answers; BM25 candidates plus embedding neighbours ranked by a BM25/cosine mix).
 */
package io.kefu.kb;
