package io.kefu.bot;

import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.IntentPrecision;
import io.kefu.nlp.NlpPipeline;

/**
 * A built pipeline and the policy over the same corpus; swapped as one on reload. {@code precision} is the
 * pipeline's classifier measured on the corpus's golden set when it was built.
 */
public record LoadedCorpus(NlpPipeline pipeline, BotPolicy policy, CorpusVersion version, IntentPrecision precision) {
}
