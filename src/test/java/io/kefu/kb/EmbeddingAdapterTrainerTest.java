package io.kefu.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kefu.nlp.DotProduct;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic sentences: the first half of each vector carries the meaning (one random direction per class), the
 * second half per-sentence noise twice as strong, so raw cosine mostly compares noise. Paraphrases are two
 * sentences of one class. An adapter that learned anything suppresses the noise half, also for classes it never
 * saw.
 */
class EmbeddingAdapterTrainerTest {
  private static final int DIM = 16;
  private static final EmbeddingAdapterTrainer.Config FAST =
      new EmbeddingAdapterTrainer.Config(60, 16, 2e-2, 0.1, 1e-4, 0.0, 0, 7);

  @Test
  void trainingLowersTheLossAndRanksUnseenParaphrasesFirst() {
    Random rnd = new Random(1);
    List<EmbeddingAdapterTrainer.Pair> train = new ArrayList<>();
    for (int c = 0; c < 64; c++) {
      float[] meaning = unit(rnd, 0);
      train.add(new EmbeddingAdapterTrainer.Pair(sentence(meaning, rnd), sentence(meaning, rnd), true));
    }
    List<float[][]> heldOut = new ArrayList<>(); // {query, its paraphrase}
    for (int c = 0; c < 30; c++) {
      float[] meaning = unit(rnd, 0);
      heldOut.add(new float[][] {sentence(meaning, rnd), sentence(meaning, rnd)});
    }

    EmbeddingAdapterTrainer.Result result = new EmbeddingAdapterTrainer(FAST).train(train, DIM);

    double[] loss = result.epochLoss();
    assertThat(loss[loss.length - 1]).as("loss after training vs before").isLessThan(loss[0] * 0.7);
    double before = hitAt1(EmbeddingAdapter.identity(DIM), heldOut);
    double after = hitAt1(result.adapter(), heldOut);
    assertThat(before).as("raw cosine on the held-out paraphrases").isLessThan(0.6);
    assertThat(after).as("adapted cosine on the held-out paraphrases (raw %.2f)", before).isGreaterThan(0.9);
  }

  @Test
  void sameSeedSameAdapterOtherSeedOther() {
    Random rnd = new Random(2);
    List<EmbeddingAdapterTrainer.Pair> train = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      float[] meaning = unit(rnd, 0);
      train.add(new EmbeddingAdapterTrainer.Pair(sentence(meaning, rnd), sentence(meaning, rnd), true));
      train.add(new EmbeddingAdapterTrainer.Pair(sentence(meaning, rnd), sentence(unit(rnd, 0), rnd), false));
    }
    EmbeddingAdapterTrainer.Config config = FAST.withEpochs(3);
    EmbeddingAdapter a = new EmbeddingAdapterTrainer(config).train(train, DIM).adapter();
    EmbeddingAdapter b = new EmbeddingAdapterTrainer(config).train(train, DIM).adapter();
    EmbeddingAdapter c = new EmbeddingAdapterTrainer(config.withSeed(config.seed() + 1)).train(train, DIM).adapter();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.distanceFromIdentity()).isGreaterThan(0);
  }

  @Test
  void minedAndDifferentMeaningNegativesAlsoTrain() {
    Random rnd = new Random(3);
    List<EmbeddingAdapterTrainer.Pair> train = new ArrayList<>();
    for (int c = 0; c < 48; c++) {
      float[] meaning = unit(rnd, 0);
      train.add(new EmbeddingAdapterTrainer.Pair(sentence(meaning, rnd), sentence(meaning, rnd), true));
      train.add(new EmbeddingAdapterTrainer.Pair(sentence(meaning, rnd), sentence(unit(rnd, 0), rnd), false));
    }
    EmbeddingAdapterTrainer.Config config = new EmbeddingAdapterTrainer.Config(10, 16, 1e-2, 0.1, 1e-4, 0.5, 2, 7);
    double[] loss = new EmbeddingAdapterTrainer(config).train(train, DIM).epochLoss();
    assertThat(loss[loss.length - 1]).isLessThan(loss[0] * 0.8);
  }

  @Test
  void tooFewPairsGiveTheIdentity() {
    Random rnd = new Random(4);
    float[] v = sentence(unit(rnd, 0), rnd);
    EmbeddingAdapter a = new EmbeddingAdapterTrainer(FAST)
        .train(List.of(new EmbeddingAdapterTrainer.Pair(v, v, true)), DIM).adapter();
    assertThat(a).isEqualTo(EmbeddingAdapter.identity(DIM));
    assertThat(a.apply(v)).containsExactly(v, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void wrongDimensionIsRefused() {
    float[] small = new float[4];
    assertThatThrownBy(() -> new EmbeddingAdapterTrainer(FAST)
        .train(List.of(new EmbeddingAdapterTrainer.Pair(small, small, true)), DIM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingAdapter.identity(DIM).apply(small)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Share of held-out queries whose own paraphrase is the nearest of all held-out paraphrases. */
  private static double hitAt1(EmbeddingAdapter adapter, List<float[][]> heldOut) {
    int hits = 0;
    for (float[][] q : heldOut) {
      float[] query = adapter.apply(q[0]);
      float own = DotProduct.of(query, adapter.apply(q[1]), 0, DIM);
      boolean first = true;
      for (float[][] other : heldOut) {
        if (other != q && DotProduct.of(query, adapter.apply(other[1]), 0, DIM) >= own) {
          first = false;
        }
      }
      hits += first ? 1 : 0;
    }
    return hits / (double) heldOut.size();
  }

  private static float[] sentence(float[] meaning, Random rnd) {
    float[] noise = unit(rnd, DIM / 2);
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = meaning[d] + 2 * noise[d];
    }
    return normalise(v);
  }

  /** A random unit vector living in half {@code from / (DIM / 2)} of the dimensions. */
  private static float[] unit(Random rnd, int from) {
    float[] v = new float[DIM];
    for (int d = from; d < from + DIM / 2; d++) {
      v[d] = (float) rnd.nextGaussian();
    }
    return normalise(v);
  }

  private static float[] normalise(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
