/**
 * NLP core of Kefu, plain Java (no Vert.x): blocking by nature, call it from a worker pool.
 *
 * <p>Entry points for the server:
 * <ul>
 *   <li>{@link io.kefu.nlp.IntentCorpusLoader#load(java.nio.file.Path)} validates {@code intents/*.yml} (problems
 *       carry file and line; the corpus is rejected as a whole);</li>
 *   <li>{@link io.kefu.nlp.NlpPipeline.Models#load()} loads CoreNLP and bge-small-zh once;</li>
 *   <li>{@link io.kefu.nlp.NlpPipeline#build} / {@link io.kefu.nlp.NlpPipeline#buildAsync} trains the intent
 *       classifier and indexes the FAQ into an immutable pipeline tagged with a {@link io.kefu.nlp.CorpusVersion};</li>
 *   <li>{@link io.kefu.nlp.NlpPipeline#analyse(String)} returns an {@link io.kefu.nlp.NlpResult}.</li>
 * </ul>
 * Stages: {@link io.kefu.nlp.TextNormalizer} -> {@link io.kefu.nlp.EntityExtractor} ->
 * {@link io.kefu.nlp.HumanRequestDetector} -> {@link io.kefu.nlp.ChineseSegmenter} -> {@link io.kefu.nlp.Featurizer}
 * -> {@link io.kefu.nlp.IntentClassifier} (with {@link io.kefu.nlp.BgeEmbedder}) and {@link io.kefu.kb.FaqIndex}.
 */
package io.kefu.nlp;
