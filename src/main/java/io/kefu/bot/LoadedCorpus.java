package io.kefu.bot;

import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.NlpPipeline;

/** A built pipeline and the policy over the same corpus; swapped as one on reload. */
public record LoadedCorpus(NlpPipeline pipeline, BotPolicy policy, CorpusVersion version) {
}
