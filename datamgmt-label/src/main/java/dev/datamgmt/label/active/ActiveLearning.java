package dev.datamgmt.label.active;

import dev.datamgmt.core.seed.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The entry point for active learning: which unlabeled records to label next.
 *
 * <pre>{@code
 * List<String> next = ActiveLearning.uncertainty(Uncertainty.MARGIN).setBatchSize(200).optSeed(7).build()
 *     .select(probabilities);                          // record id -> class probabilities
 * List<String> diverse = ActiveLearning.coreSet().setBatchSize(200).build()
 *     .select(labeledEmbeddings, unlabeledEmbeddings);  // record id -> embedding
 * }</pre>
 *
 * <p>Every selection is a pure function of its input and seed: ids are visited in sorted order, and ties are
 * broken by {@link Seeds#derive(long, long)} of the seed and the id's position, not by map iteration order.
 */
public final class ActiveLearning {
  private ActiveLearning() {}

  /** Picks the records the model is least sure about, by {@code measure}. */
  public static UncertaintyBuilder uncertainty(Uncertainty measure) {
    return new UncertaintyBuilder(Objects.requireNonNull(measure, "measure"));
  }

  /**
   * Picks a diverse batch: k-center greedy over embeddings (Sener and Savarese, "Active Learning for Convolutional
   * Neural Networks: A Core-Set Approach", 2018): each pick is the unlabeled record farthest from everything
   * labeled or picked so far.
   */
  public static CoreSetBuilder coreSet() {
    return new CoreSetBuilder();
  }

  /** Builds an uncertainty selector. */
  public static final class UncertaintyBuilder {
    private final Uncertainty measure;
    private int batchSize;
    private long seed;

    private UncertaintyBuilder(Uncertainty measure) {
      this.measure = measure;
    }

    /** How many records to pick (required, &gt;= 1). */
    public UncertaintyBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The seed for breaking ties (default 0). */
    public UncertaintyBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the selector.
     *
     * @throws IllegalStateException if the batch size was not set
     */
    public UncertaintySelector build() {
      if (batchSize == 0) {
        throw new IllegalStateException("batchSize was not set; call setBatchSize");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      }
      return new UncertaintySelector(measure, batchSize, seed);
    }
  }

  /** Selects by uncertainty; built by {@link ActiveLearning#uncertainty}. */
  public static final class UncertaintySelector {
    private final Uncertainty measure;
    private final int batchSize;
    private final long seed;

    private UncertaintySelector(Uncertainty measure, int batchSize, long seed) {
      this.measure = measure;
      this.batchSize = batchSize;
      this.seed = seed;
    }

    /**
     * The ids of the (up to) batch-size most uncertain records, most uncertain first.
     *
     * @param probabilities class probabilities by record id (the unlabeled pool)
     */
    public List<String> select(Map<String, double[]> probabilities) {
      TreeMap<String, double[]> sorted = new TreeMap<>(probabilities);
      record Scored(String id, double score, long tie) {}
      List<Scored> all = new ArrayList<>(sorted.size());
      int i = 0;
      for (Map.Entry<String, double[]> e : sorted.entrySet()) {
        all.add(new Scored(e.getKey(), measure.score(e.getValue()), Seeds.derive(seed, i++)));
      }
      all.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(Scored::tie));
      return all.stream().limit(batchSize).map(Scored::id).toList();
    }
  }

  /** Builds a core-set selector. */
  public static final class CoreSetBuilder {
    private int batchSize;

    private CoreSetBuilder() {}

    /** How many records to pick (required, &gt;= 1). */
    public CoreSetBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Builds the selector.
     *
     * @throws IllegalStateException if the batch size was not set
     */
    public CoreSetSelector build() {
      if (batchSize == 0) {
        throw new IllegalStateException("batchSize was not set; call setBatchSize");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      }
      return new CoreSetSelector(batchSize);
    }
  }

  /** Selects by k-center greedy; built by {@link ActiveLearning#coreSet()}. */
  public static final class CoreSetSelector {
    private final int batchSize;

    private CoreSetSelector(int batchSize) {
      this.batchSize = batchSize;
    }

    /**
     * The ids of (up to) batch-size unlabeled records, in pick order. With nothing labeled, the first pick is the
     * smallest id.
     *
     * @param labeled embeddings of the labeled records (may be empty)
     * @param unlabeled embeddings of the pool, by record id; all embeddings of one dimension
     * @throws IllegalArgumentException if the dimensions differ
     */
    public List<String> select(Map<String, float[]> labeled, Map<String, float[]> unlabeled) {
      TreeMap<String, float[]> pool = new TreeMap<>(unlabeled);
      List<String> ids = new ArrayList<>(pool.keySet());
      List<float[]> vecs = new ArrayList<>(pool.values());
      int dim = vecs.isEmpty() ? 0 : vecs.get(0).length;
      double[] dist = new double[ids.size()];
      java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
      for (float[] l : new TreeMap<>(labeled).values()) {
        for (int i = 0; i < ids.size(); i++) {
          dist[i] = Math.min(dist[i], sq(l, vecs.get(i), dim));
        }
      }
      List<String> picked = new ArrayList<>();
      boolean[] taken = new boolean[ids.size()];
      while (picked.size() < Math.min(batchSize, ids.size())) {
        int best = -1;
        for (int i = 0; i < ids.size(); i++) {
          if (!taken[i] && (best < 0 || dist[i] > dist[best])) {
            best = i;
          }
        }
        taken[best] = true;
        picked.add(ids.get(best));
        float[] c = vecs.get(best);
        for (int i = 0; i < ids.size(); i++) {
          dist[i] = Math.min(dist[i], sq(c, vecs.get(i), dim));
        }
      }
      return picked;
    }

    private static double sq(float[] a, float[] b, int dim) {
      if (a.length != dim || b.length != dim) {
        throw new IllegalArgumentException("embedding dimensions differ: " + a.length + " and " + b.length);
      }
      double s = 0;
      for (int i = 0; i < dim; i++) {
        double d = a[i] - b[i];
        s += d * d;
      }
      return s;
    }
  }
}
