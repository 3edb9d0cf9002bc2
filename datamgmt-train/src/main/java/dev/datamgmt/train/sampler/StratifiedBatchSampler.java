package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import java.util.SortedMap;

/**
 * Batches that hold at least {@code perClass} samples of every class: each class cycles through its own
 * shuffled pool (reshuffled when used up), and the rest of each batch comes from a shuffled pass over the
 * whole dataset or, with {@code classBalancedRest}, from the class pools in turn (slot j of the epoch's rest
 * goes to class j mod numClasses). The batch is shuffled so position says nothing about class.
 */
final class StratifiedBatchSampler extends AbstractEpochSampler {
  private final int[] labels;
  private final long[][] byClass;
  private final int perClass;
  private final boolean classBalancedRest;
  private final long batchesPerEpoch;
  /** Sub-stream ids of {@link #subKey} besides the class pools 0..numClasses-1. */
  private static final long REST = -1, BATCH = -2;

  StratifiedBatchSampler(int[] labels, long[][] byClass, int perClass, boolean classBalancedRest, long batchesPerEpoch,
      int batchSize, long seed) {
    super(batchSize, false, seed);
    this.labels = labels;
    this.byClass = byClass;
    this.perClass = perClass;
    this.classBalancedRest = classBalancedRest;
    this.batchesPerEpoch = batchesPerEpoch <= 0 ? (labels.length + batchSize - 1) / batchSize : batchesPerEpoch;
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    checkSize("stratified sampler", labels.length, datasetSize);
    long key = Seeds.epochKey(seed, epoch);
    int numClasses = byClass.length;
    long[][] pools = new long[numClasses][];
    int[] pos = new int[numClasses];
    int[] rounds = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      pools[c] = byClass[c].clone();
      Seeds.shuffle(pools[c], 0, pools[c].length, subKey(key, c, 0));
    }
    long[] all = new long[labels.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    Seeds.shuffle(all, 0, all.length, subKey(key, REST, 0));
    int allPos = 0;
    int allRounds = 0;
    int fill = batchSize - perClass * numClasses;
    long[] order = new long[toIntSize(batchesPerEpoch * batchSize)];
    int o = 0;
    long restSlot = 0;
    for (long b = 0; b < batchesPerEpoch; b++) {
      int start = o;
      for (int c = 0; c < numClasses; c++) {
        for (int k = 0; k < perClass; k++) {
          order[o++] = next(pools, pos, rounds, c, key);
        }
      }
      for (int k = 0; k < fill; k++) {
        if (classBalancedRest) {
          order[o++] = next(pools, pos, rounds, (int) (restSlot++ % numClasses), key);
          continue;
        }
        if (allPos == all.length) {
          allPos = 0;
          allRounds++;
          Seeds.shuffle(all, 0, all.length, subKey(key, REST, allRounds));
        }
        order[o++] = all[allPos++];
      }
      Seeds.shuffle(order, start, o, subKey(key, BATCH, b));
    }
    return order;
  }

  /** The next sample of class c from its pool, reshuffling the pool when it is used up. */
  private static long next(long[][] pools, int[] pos, int[] rounds, int c, long key) {
    if (pos[c] == pools[c].length) {
      pos[c] = 0;
      rounds[c]++;
      Seeds.shuffle(pools[c], 0, pools[c].length, subKey(key, c, rounds[c]));
    }
    return pools[c][pos[c]++];
  }

  /**
   * The shuffle key of one sub-stream of the epoch: class pool {@code c >= 0}, the whole-dataset pass
   * ({@link #REST}) or a batch ({@link #BATCH}), in its {@code round}-th reshuffle (or batch number).
   */
  private static long subKey(long epochKey, long stream, long round) {
    return Seeds.derive(Seeds.derive(epochKey, stream), round);
  }

  @Override
  public SortedMap<String, String> describe() {
    SortedMap<String, String> d = baseDescription("stratified");
    d.put("perClass", String.valueOf(perClass));
    if (classBalancedRest) {
      d.put("rest", "class-balanced");
    }
    d.put("batchesPerEpoch", String.valueOf(batchesPerEpoch));
    d.put("numClasses", String.valueOf(byClass.length));
    return d;
  }
}
