package io.kefu.kb;

import io.kefu.nlp.CorpusVersion;
import io.kefu.nlp.DotProduct;
import io.kefu.nlp.Embedder;
import io.kefu.nlp.Segmenter;
import io.kefu.nlp.TextNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * In-memory Lucene index of the FAQ knowledge base. Each question and paraphrase is one document with a
 * character 1-2-gram field, a CoreNLP word field and the (down-weighted) answer. A search takes the BM25 top
 * candidates plus the nearest entries by bge embedding, then ranks entries by
 * {@code bm25Weight * bm25/maxBm25 + (1 - bm25Weight) * cosine}. With an {@link EmbeddingAdapter} (given, or
 * trained at build from the corpus's question/paraphrase pairs when {@code Config.adapter} is set) the cosine is
 * taken between adapted vectors. Immutable once built; searches are thread-safe.
 */
public final class FaqIndex implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaqIndex.class);

  /**
   * Search parameters; {@code adapter} (null = none) trains an embedding adapter from the corpus itself: every
   * pair of texts (question or paraphrase) of one entry is a same-meaning pair.
   */
  public record Config(int bm25Candidates, int embeddingCandidates, double bm25Weight, double answerBoost,
      double wordBoost, EmbeddingAdapterTrainer.Config adapter) {
    /**
     * The product's settings: no adapter. Training one costs 4–6 s of CPU at every start-up and reload on 2 cores
     * (ready went from 13.7 s to 19.7 s) and at the bot's thresholds it trades right answers for fewer wrong ones
     * (loadtest/RESULTS.md); {@code nlp.faqAdapter: true} turns it on.
     */
    public static final Config DEFAULT = new Config(30, 30, 0.3, 0.2, 1.0, null);

    public Config(int bm25Candidates, int embeddingCandidates, double bm25Weight, double answerBoost,
        double wordBoost) {
      this(bm25Candidates, embeddingCandidates, bm25Weight, answerBoost, wordBoost, null);
    }

    public Config withAdapter(EmbeddingAdapterTrainer.Config training) {
      return new Config(bm25Candidates, embeddingCandidates, bm25Weight, answerBoost, wordBoost, training);
    }
  }

  static final String ID = "id";
  static final String VARIANT = "variant";
  static final String CHARS = "chars";
  static final String WORDS = "words";
  static final String ANSWER = "answer";

  private final FaqCorpus corpus;
  private final Config config;
  private final TextNormalizer normalizer;
  private final Embedder embedder;
  private final ByteBuffersDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final QueryBuilder charQueries;
  private final QueryBuilder wordQueries;
  private final List<Variant> variants;
  private final int[] docVariant; // Lucene docID -> variant: no stored-field decompression per hit
  // every indexed term's dictionary entry, looked up once: a query then never walks the term dictionary, which was
  // ~40 % of a BM25 search (loadtest/RESULTS.md, "NLP cost"); scores are the same, the statistics are the same
  private final Map<Term, TermStates> termStates;
  private final TermStates absentTerm;
  private final float[] variantVectors; // flattened, one row per variant (empty when no embedder)
  private final int dim;
  private final EmbeddingAdapter adapter; // null: raw embeddings

  private record Variant(int entry, String text) {
  }

  private FaqIndex(FaqCorpus corpus, Config config, TextNormalizer normalizer, Segmenter segmenter,
      Embedder embedder, EmbeddingAdapter given) throws IOException {
    this.corpus = corpus;
    this.config = config;
    this.normalizer = normalizer;
    this.embedder = embedder;
    Analyzer chars = new CharNgramAnalyzer(1, 2);
    Analyzer words = new SegmenterAnalyzer(segmenter);
    Analyzer perField = new PerFieldAnalyzerWrapper(chars, Map.of(WORDS, words));
    directory = new ByteBuffersDirectory();
    variants = new ArrayList<>();
    IndexWriterConfig iwc = new IndexWriterConfig(perField).setSimilarity(new BM25Similarity());
    try (IndexWriter writer = new IndexWriter(directory, iwc)) {
      for (int e = 0; e < corpus.entries().size(); e++) {
        FaqEntry entry = corpus.entries().get(e);
        List<String> texts = new ArrayList<>();
        texts.add(entry.question());
        texts.addAll(entry.paraphrases());
        String answer = normalizer.normalize(entry.answer());
        for (String t : texts) {
          String norm = normalizer.normalize(t);
          Document doc = new Document();
          doc.add(new StoredField(ID, e));
          doc.add(new StoredField(VARIANT, variants.size()));
          doc.add(new TextField(CHARS, norm, Field.Store.NO));
          doc.add(new TextField(WORDS, norm, Field.Store.NO));
          doc.add(new TextField(ANSWER, answer, Field.Store.NO));
          writer.addDocument(doc);
          variants.add(new Variant(e, norm));
        }
      }
      writer.forceMerge(1);
    }
    reader = DirectoryReader.open(directory);
    docVariant = new int[reader.maxDoc()];
    org.apache.lucene.index.StoredFields stored = reader.storedFields();
    for (int doc = 0; doc < docVariant.length; doc++) {
      docVariant[doc] = stored.document(doc).getField(VARIANT).numericValue().intValue();
    }
    searcher = new IndexSearcher(reader);
    searcher.setSimilarity(new BM25Similarity());
    searcher.setQueryCache(null); // one small segment: never cached anyway, only the usage tracking would cost
    absentTerm = new TermStates(reader.getContext());
    termStates = indexedTerms(reader.getContext());
    charQueries = new QueryBuilder(chars);
    wordQueries = new QueryBuilder(words);
    if (embedder != null && !variants.isEmpty()) {
      dim = embedder.dimension();
      List<float[]> vectors = embedder.embedAll(variants.stream().map(Variant::text).toList());
      adapter = given != null ? given
          : config.adapter() == null ? null : trainAdapter(config.adapter(), vectors, dim);
      variantVectors = new float[variants.size() * dim];
      for (int i = 0; i < vectors.size(); i++) {
        float[] v = adapter == null ? vectors.get(i) : adapter.apply(vectors.get(i));
        System.arraycopy(v, 0, variantVectors, i * dim, dim);
      }
    } else {
      dim = 0;
      variantVectors = new float[0];
      adapter = null;
    }
  }

  private static Map<Term, TermStates> indexedTerms(IndexReaderContext top) throws IOException {
    Map<Term, TermStates> states = new HashMap<>();
    for (LeafReaderContext leaf : top.leaves()) {
      for (String field : List.of(CHARS, WORDS, ANSWER)) {
        Terms terms = leaf.reader().terms(field);
        if (terms == null) {
          continue;
        }
        TermsEnum it = terms.iterator();
        for (BytesRef t = it.next(); t != null; t = it.next()) {
          states.computeIfAbsent(new Term(field, BytesRef.deepCopyOf(t)), k -> new TermStates(top))
              .register(it.termState(), leaf.ord, it.docFreq(), it.totalTermFreq());
        }
      }
    }
    return states;
  }

  /** A term query with the term's statistics looked up at build time (empty for a term the index does not hold). */
  private Query termQuery(Term term) {
    return new TermQuery(term, termStates.getOrDefault(term, absentTerm));
  }

  /** The same query with every term clause using the prebuilt statistics. */
  private Query withTermStates(Query query) {
    if (!(query instanceof BooleanQuery bool)) {
      return query instanceof TermQuery tq ? termQuery(tq.getTerm()) : query;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
    for (BooleanClause c : bool.clauses()) {
      b.add(c.getQuery() instanceof TermQuery tq ? termQuery(tq.getTerm()) : c.getQuery(), c.getOccur());
    }
    return b.build();
  }

  /**
   * Same-meaning pairs: every two texts of one entry (question and paraphrases; the loss is symmetric). Null (no
   * adapter, no per-query cost) when the corpus has fewer than two such pairs.
   */
  private EmbeddingAdapter trainAdapter(EmbeddingAdapterTrainer.Config training, List<float[]> vectors, int dim) {
    List<EmbeddingAdapterTrainer.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      for (int j = i + 1; j < variants.size(); j++) {
        if (variants.get(i).entry() == variants.get(j).entry()) {
          pairs.add(new EmbeddingAdapterTrainer.Pair(vectors.get(i), vectors.get(j), true));
        }
      }
    }
    if (pairs.size() < 2) {
      return null;
    }
    long t0 = System.nanoTime();
    EmbeddingAdapterTrainer.Result r = new EmbeddingAdapterTrainer(training).train(pairs, dim);
    LOG.info("FAQ embedding adapter trained on {} paraphrase pairs in {} ms (loss {} -> {})", pairs.size(),
        (System.nanoTime() - t0) / 1_000_000, r.epochLoss()[0], r.epochLoss()[r.epochLoss().length - 1]);
    return r.adapter();
  }

  /** Builds the index (blocking: embeds every question and paraphrase). {@code embedder} may be null (BM25 only). */
  public static FaqIndex build(FaqCorpus corpus, Config config, TextNormalizer normalizer, Segmenter segmenter,
      Embedder embedder) {
    return build(corpus, config, normalizer, segmenter, embedder, null);
  }

  /**
   * As {@link #build(FaqCorpus, Config, TextNormalizer, Segmenter, Embedder)} with an adapter trained elsewhere
   * ({@code adapter} non-null overrides {@code config.adapter()}).
   */
  public static FaqIndex build(FaqCorpus corpus, Config config, TextNormalizer normalizer, Segmenter segmenter,
      Embedder embedder, EmbeddingAdapter adapter) {
    try {
      return new FaqIndex(corpus, config, normalizer, segmenter, embedder, adapter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The adapter applied to embeddings, if any. */
  public java.util.Optional<EmbeddingAdapter> adapter() {
    return java.util.Optional.ofNullable(adapter);
  }

  public CorpusVersion version() {
    return corpus.version();
  }

  public FaqCorpus corpus() {
    return corpus;
  }

  public int documents() {
    return variants.size();
  }

  /** Searches with raw user text. */
  public FaqSearchResult search(String rawQuery, int topN) {
    String norm = normalizer.normalize(rawQuery);
    return searchNormalized(norm, embedder == null ? null : () -> embedder.embed(norm), topN);
  }

  /** Searches with already-normalised text and a (lazily computed, possibly shared) query embedding. */
  public FaqSearchResult searchNormalized(String normalized, Supplier<float[]> queryEmbedding, int topN) {
    return searchNormalized(normalized, null, queryEmbedding, topN);
  }

  /**
   * As {@link #searchNormalized(String, Supplier, int)} with the query's words already segmented (saves a second
   * CoreNLP call when the pipeline has them); {@code words} null means segment here.
   */
  public FaqSearchResult searchNormalized(String normalized, List<String> words, Supplier<float[]> queryEmbedding,
      int topN) {
    if (normalized.isBlank() || variants.isEmpty()) {
      return FaqSearchResult.EMPTY;
    }
    Map<Integer, double[]> candidates = new HashMap<>(); // entry -> {bm25, cosine, bestVariant}
    try {
      Query q = query(normalized, words);
      if (q != null) {
        // count every hit: on ~1,000 short documents exhaustive scoring beats dynamic pruning (max-score bookkeeping
        // over ~70 clauses costs more than it skips); same top hits, same scores
        TopDocs top = searcher.search(q, new TopScoreDocCollectorManager(config.bm25Candidates(), null,
            Integer.MAX_VALUE));
        for (ScoreDoc sd : top.scoreDocs) {
          int variant = docVariant[sd.doc];
          int entry = variants.get(variant).entry();
          double[] c = candidates.computeIfAbsent(entry, k -> new double[] {0, -1, variant});
          c[0] = Math.max(c[0], sd.score);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    float[] qv = queryEmbedding == null || dim == 0 ? null : queryEmbedding.get();
    if (qv != null && adapter != null) {
      qv = adapter.apply(qv);
    }
    if (qv != null) {
      double[] entryCos = new double[corpus.entries().size()];
      int[] entryVariant = new int[entryCos.length];
      java.util.Arrays.fill(entryCos, -2);
      for (int v = 0; v < variants.size(); v++) {
        double cos = DotProduct.of(qv, variantVectors, v * dim, dim);
        int e = variants.get(v).entry();
        if (cos > entryCos[e]) {
          entryCos[e] = cos;
          entryVariant[e] = v;
        }
      }
      // nearest entries by embedding join the candidates; every candidate gets its cosine
      Integer[] order = new Integer[entryCos.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(entryCos[b], entryCos[a]));
      for (int i = 0; i < Math.min(config.embeddingCandidates(), order.length); i++) {
        candidates.computeIfAbsent(order[i], k -> new double[] {0, -1, entryVariant[k]});
      }
      for (Map.Entry<Integer, double[]> c : candidates.entrySet()) {
        c.getValue()[1] = entryCos[c.getKey()];
        c.getValue()[2] = entryVariant[c.getKey()];
      }
    }
    double maxBm25 = candidates.values().stream().mapToDouble(c -> c[0]).max().orElse(0);
    double w = qv == null ? 1.0 : config.bm25Weight();
    List<FaqHit> hits = new ArrayList<>();
    for (Map.Entry<Integer, double[]> c : candidates.entrySet()) {
      double bm = maxBm25 > 0 ? c.getValue()[0] / maxBm25 : 0;
      double cos = Math.max(0, c.getValue()[1]);
      double score = w * bm + (1 - w) * cos;
      hits.add(new FaqHit(corpus.entries().get(c.getKey()), score, bm, cos,
          variants.get((int) c.getValue()[2]).text()));
    }
    hits.sort((a, b) -> {
      int cmp = Double.compare(b.score(), a.score());
      return cmp != 0 ? cmp : a.entry().id().compareTo(b.entry().id());
    });
    List<FaqHit> top = hits.subList(0, Math.min(topN, hits.size()));
    double margin = top.isEmpty() ? 0 : top.size() == 1 ? top.get(0).score() : top.get(0).score() - top.get(1).score();
    return new FaqSearchResult(top, margin);
  }

  private Query query(String normalized, List<String> segmented) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int clauses = 0;
    Query chars = withTermStates(charQueries.createBooleanQuery(CHARS, normalized, BooleanClause.Occur.SHOULD));
    if (chars != null) {
      b.add(chars, BooleanClause.Occur.SHOULD);
      clauses++;
    }
    Query words;
    if (segmented == null) {
      words = withTermStates(wordQueries.createBooleanQuery(WORDS, normalized, BooleanClause.Occur.SHOULD));
    } else {
      BooleanQuery.Builder wb = new BooleanQuery.Builder();
      int n = 0;
      for (String w : segmented) {
        if (w.codePoints().anyMatch(Character::isLetterOrDigit)) {
          wb.add(termQuery(new Term(WORDS, w)), BooleanClause.Occur.SHOULD);
          n++;
        }
      }
      words = n == 0 ? null : wb.build();
    }
    if (words != null) {
      b.add(new BoostQuery(words, (float) config.wordBoost()), BooleanClause.Occur.SHOULD);
      clauses++;
    }
    Query answer = withTermStates(charQueries.createBooleanQuery(ANSWER, normalized, BooleanClause.Occur.SHOULD));
    if (answer != null && config.answerBoost() > 0) {
      b.add(new BoostQuery(answer, (float) config.answerBoost()), BooleanClause.Occur.SHOULD);
      clauses++;
    }
    return clauses == 0 ? null : b.build();
  }


  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
