package io.kefu.load;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The customer messages of a run: a pool of repeating shop questions drawn with Zipf-like frequencies (a few
 * questions are asked all the time, most rarely), a share of never-seen texts (templates × slots, pairwise distinct
 * and distinct from the pool) and a share of explicit requests for a human. Deterministic for a seed. Not
 * thread-safe: one generator thread draws.
 */
public final class MessageMix {
  /** What a message is, for the report. */
  public enum Kind { REPEAT, UNIQUE, ESCALATION }

  public record Message(Kind kind, String text) {
  }

  private static final String[] ESCALATIONS = {"转人工", "人工客服", "我要找人工", "找真人客服", "我要投诉，你们太差劲了",
      "叫你们人工出来", "转人工客服谢谢", "机器人听不懂，给我转人工"};

  private final Random random;
  private final ShopMessages shop;
  private final List<String> pool;
  private final double[] cumulative;
  private final double uniqueShare;
  private final double escalationShare;
  private final Set<String> seen = new HashSet<>();

  public MessageMix(long seed, int poolSize, double zipf, double uniqueShare, double escalationShare) {
    this.random = new Random(seed);
    this.shop = new ShopMessages(seed * 31 + 1);
    this.pool = shop.unique(poolSize);
    pool.forEach(text -> seen.add(shop.key(text)));
    this.cumulative = new double[poolSize];
    double sum = 0;
    for (int rank = 1; rank <= poolSize; rank++) {
      sum += 1 / Math.pow(rank, zipf);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < poolSize; i++) {
      cumulative[i] /= sum;
    }
    this.uniqueShare = uniqueShare;
    this.escalationShare = escalationShare;
  }

  public static MessageMix of(LoadScenario s) {
    return new MessageMix(s.seed(), s.repeatPool(), s.zipf(), s.uniqueShare(), s.escalationShare());
  }

  public Message next() {
    double u = random.nextDouble();
    if (u < escalationShare) {
      return new Message(Kind.ESCALATION, ESCALATIONS[random.nextInt(ESCALATIONS.length)]);
    }
    if (u < escalationShare + uniqueShare) {
      return new Message(Kind.UNIQUE, shop.nextNotIn(seen));
    }
    return new Message(Kind.REPEAT, pool.get(rank()));
  }

  /** Index into the pool, 0 the most frequent. */
  int rank() {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(pool.size() - 1, i >= 0 ? i : -i - 1);
  }

  List<String> pool() {
    return pool;
  }
}
