package io.kefu.nlp;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bge-small-zh-v1.5 (int8-quantised ONNX shipped in langchain4j's jar) run directly on ONNX Runtime with one
 * intra-op thread, CLS pooling and L2 normalisation. Reads the model from the class path only: no network.
 * Batch embedding groups texts of identical token length (padding shifts the quantised model's output by up to
 * 1% cosine, so batches are never padded and batch results equal single results) and spreads batches over the
 * cores. Thread-safe.
 */
public final class BgeEmbedder implements Embedder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BgeEmbedder.class);
  private static final String MODEL = "bge-small-zh-v1.5-q.onnx";
  private static final String TOKENIZER = "bge-small-zh-v1.5-q-tokenizer.json";
  public static final int DIMENSION = 512;

  static {
    // DJL reads these when its classes initialise: no usage tracking, no hub downloads.
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final boolean needsTypeIds;
  private final Pooling pooling;

  /** How token states become one vector: the model's own CLS pooling, or the mean of the real tokens. */
  public enum Pooling { CLS, MEAN }

  /** Loads with sequences truncated to {@code maxLength} word pieces (chat messages are short; 64 is plenty). */
  public BgeEmbedder(int maxLength) {
    this(maxLength, Pooling.CLS);
  }

  public BgeEmbedder(int maxLength, Pooling pooling) {
    long t0 = System.nanoTime();
    this.maxLength = maxLength;
    this.pooling = pooling;
    try {
      env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(1);
      opts.setInterOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(resource(MODEL), opts);
      needsTypeIds = session.getInputNames().contains("token_type_ids");
      Map<String, String> tokOpts = new HashMap<>();
      tokOpts.put("padding", "false");
      tokOpts.put("truncation", "true");
      tokOpts.put("maxLength", Integer.toString(maxLength));
      try (InputStream in = BgeEmbedder.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
        if (in == null) {
          throw new IllegalStateException(TOKENIZER + " not on the class path");
        }
        tokenizer = HuggingFaceTokenizer.newInstance(in, tokOpts);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load " + MODEL, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("bge-small-zh-v1.5 loaded in {} ms (maxLength {})", (System.nanoTime() - t0) / 1_000_000, maxLength);
  }

  public BgeEmbedder() {
    this(64);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = BgeEmbedder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " not on the class path");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  public int maxLength() {
    return maxLength;
  }

  @Override
  public float[] embed(String text) {
    return run(List.of(encode(text))).get(0);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return embedAll(texts, 32, Runtime.getRuntime().availableProcessors());
  }

  /** Embeds many texts in equal-length batches of at most {@code batchSize} on {@code threads} threads. */
  public List<float[]> embedAll(List<String> texts, int batchSize, int threads) {
    Encoding[] encodings = new Encoding[texts.size()];
    for (int i = 0; i < encodings.length; i++) {
      encodings[i] = encode(texts.get(i));
    }
    Integer[] order = IntStream.range(0, encodings.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] out = new float[texts.size()][];
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "bge-embed");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      int start = 0;
      while (start < order.length) {
        int from = start;
        int length = encodings[order[from]].getIds().length;
        int end = from + 1;
        while (end < order.length && end - from < batchSize && encodings[order[end]].getIds().length == length) {
          end++;
        }
        int to = end;
        start = end;
        futures.add(pool.submit(() -> {
          List<Encoding> batch = new ArrayList<>(to - from);
          for (int k = from; k < to; k++) {
            batch.add(encodings[order[k]]);
          }
          List<float[]> vectors = run(batch);
          for (int k = from; k < to; k++) {
            out[order[k]] = vectors.get(k - from);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("batch embedding failed", e);
    } finally {
      pool.shutdownNow();
    }
    return Arrays.asList(out);
  }

  private Encoding encode(String text) {
    return tokenizer.encode(text == null || text.isBlank() ? " " : text, true, false);
  }

  private List<float[]> run(List<Encoding> batch) {
    int len = 0;
    for (Encoding e : batch) {
      len = Math.max(len, e.getIds().length);
    }
    long[][] ids = new long[batch.size()][len];
    long[][] mask = new long[batch.size()][len];
    long[][] types = new long[batch.size()][len];
    for (int i = 0; i < batch.size(); i++) {
      long[] src = batch.get(i).getIds();
      System.arraycopy(src, 0, ids[i], 0, src.length);
      Arrays.fill(mask[i], 0, src.length, 1L);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      if (needsTypeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> out = new ArrayList<>(batch.size());
        for (int i = 0; i < hidden.length; i++) {
          float[][] seq = hidden[i];
          if (pooling == Pooling.CLS) {
            out.add(normalize(seq[0].clone()));
          } else {
            int n = batch.get(i).getIds().length;
            float[] mean = new float[seq[0].length];
            for (int t = 0; t < n; t++) {
              for (int d = 0; d < mean.length; d++) {
                mean[d] += seq[t][d];
              }
            }
            out.add(normalize(mean));
          }
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("embedding inference failed", e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inv = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing ONNX session", e);
    }
  }
}
