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

  /**
   * A batch that mixes uncertainty and diversity: the {@code batchSize x candidateFactor} most uncertain records by
   * {@code measure}, then k-center greedy among them, so a batch is hard cases that are not near-copies of one
   * another.
   */
  public static MixedBuilder uncertainAndDiverse(Uncertainty measure) {
    return new MixedBuilder(Objects.requireNonNull(measure, "measure"));
  }

  /**
   * Pseudo-labels: the records whose most probable class has probability {@code >= minConfidence}, with that class,
   * in id order (to add to the label store as {@code MODEL} annotations, or to train on directly).
   *
   * @throws IllegalArgumentException if minConfidence is not in (0, 1]
   */
  public static Map<String, Integer> pseudoLabels(Map<String, double[]> probabilities, double minConfidence) {
    if (!(minConfidence > 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minConfidence not in (0, 1]: " + minConfidence);
    }
    Map<String, Integer> out = new TreeMap<>();
    for (Map.Entry<String, double[]> e : new TreeMap<>(probabilities).entrySet()) {
      double[] p = e.getValue();
      int best = 0;
      for (int j = 1; j < p.length; j++) {
        if (p[j] > p[best]) {
          best = j;
        }
      }
      if (p.length > 0 && p[best] >= minConfidence) {
        out.put(e.getKey(), best);
      }
    }
    return out;
  }

  /** Builds a mixed uncertainty-and-diversity selector. */
  public static final class MixedBuilder {
    private final Uncertainty measure;
    private int batchSize;
    private int candidateFactor = 10;
    private long seed;

    private MixedBuilder(Uncertainty measure) {
      this.measure = measure;
    }

    /** How many records to pick (required, &gt;= 1). */
    public MixedBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** How many uncertain candidates per pick go to the diversity step (default 10). */
    public MixedBuilder optCandidateFactor(int candidateFactor) {
      if (candidateFactor < 1) {
        throw new IllegalArgumentException("candidateFactor < 1: " + candidateFactor);
      }
      this.candidateFactor = candidateFactor;
      return this;
    }

    /** The seed for breaking uncertainty ties (default 0). */
    public MixedBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the selector.
     *
     * @throws IllegalStateException if the batch size was not set
     */
    public MixedSelector build() {
      if (batchSize == 0) {
        throw new IllegalStateException("batchSize was not set; call setBatchSize");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      }
      long candidates = (long) batchSize * candidateFactor;
      return new MixedSelector(new UncertaintySelector(measure, (int) Math.min(Integer.MAX_VALUE, candidates), seed),
          new CoreSetSelector(batchSize));
    }
  }

  /** Selects uncertain, then diverse; built by {@link ActiveLearning#uncertainAndDiverse}. */
  public static final class MixedSelector {
    private final UncertaintySelector uncertainty;
    private final CoreSetSelector coreSet;

    private MixedSelector(UncertaintySelector uncertainty, CoreSetSelector coreSet) {
      this.uncertainty = uncertainty;
      this.coreSet = coreSet;
    }

    /**
     * The picked ids, in core-set pick order.
     *
     * @param probabilities class probabilities of the pool, by record id
     * @param labeled embeddings of the labeled records
     * @param pool embeddings of the pool, by record id (every id of {@code probabilities})
     * @throws IllegalArgumentException naming the id if a candidate has no embedding
     */
    public List<String> select(Map<String, double[]> probabilities, Map<String, float[]> labeled,
        Map<String, float[]> pool) {
      Map<String, float[]> candidates = new TreeMap<>();
      for (String id : uncertainty.select(probabilities)) {
        float[] e = pool.get(id);
        if (e == null) {
          throw new IllegalArgumentException("no embedding for record " + id);
        }
        candidates.put(id, e);
      }
      return coreSet.select(labeled, candidates);
    }
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
