package dev.datamgmt.storage.reader;

import dev.datamgmt.core.seed.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample sequence of one epoch: the shards with matching records in a seeded order, each contributing its
 * matching rows in stored order. Position {@code p} of the sequence maps to (shard, k-th matching row).
 */
final class EpochPlan {
  final long epoch;
  /** Shard indices (into the shard set) in visiting order; only shards with matching rows. */
  final int[] order;
  /** prefix[i] = first position of order[i]; prefix[order.length] = size. */
  final long[] prefix;

  EpochPlan(DatasetReader r, long epoch) {
    this.epoch = epoch;
    List<Integer> shards = new ArrayList<>();
    for (int i = 0; i < r.set.shards().size(); i++) {
      if (r.filteredCount(i) > 0) {
        shards.add(i);
      }
    }
    int[] o = shards.stream().mapToInt(Integer::intValue).toArray();
    if (r.shuffleShards) {
      // index -1: the epoch itself (sample indices are >= 0); FORMAT.md "Randomness"
      SplittableRandom rnd = Seeds.random(r.seed, epoch, -1);
      for (int i = o.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = o[i];
        o[i] = o[j];
        o[j] = t;
      }
    }
    this.order = o;
    this.prefix = new long[o.length + 1];
    for (int i = 0; i < o.length; i++) {
      prefix[i + 1] = prefix[i] + r.filteredCount(o[i]);
    }
  }

  long size() {
    return prefix[order.length];
  }

  /** Index into {@link #order} of the shard holding position {@code p}. */
  int orderIndexOf(long p) {
    int i = Arrays.binarySearch(prefix, p);
    // prefix is strictly increasing (no empty shards), so an exact hit is that shard's first position
    return i >= 0 ? i : -i - 2;
  }
}
