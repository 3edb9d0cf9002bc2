package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.ClassWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SamplersTest {

  @Test
  void aliasTable_drawsEachOutcomeInProportionToItsWeight() {
    double[] w = {1, 2, 3, 0.5, 10};
    AliasTable t = AliasTable.of(w);
    int draws = 400_000;
    long[] hits = new long[w.length];
    long key = Seeds.epochKey(1, 0);
    for (int j = 0; j < draws; j++) {
      hits[t.sample(Seeds.absorb(key, j))]++;
    }
    double sum = Arrays.stream(w).sum();
    for (int i = 0; i < w.length; i++) {
      double expected = draws * w[i] / sum;
      // 5 standard deviations of a binomial count
      assertThat((double) hits[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * Math.sqrt(expected)));
    }
  }

  @Test
  void weighted_whenAWeightIsZeroOrNegative_failsNamingTheIndex() {
    assertThatThrownBy(() -> Samplers.weighted(new double[] {1, 0, 2}).setBatchSize(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1").hasMessageContaining("0.0");
    assertThatThrownBy(() -> Samplers.weighted(new double[] {1, 2, -3}).setBatchSize(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2").hasMessageContaining("-3.0");
    assertThatThrownBy(() -> Samplers.weighted(new double[] {1, Double.NaN}).setBatchSize(2).build())
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> Samplers.weighted(new double[] {1, 2}).setBatchSize(0).build())
        .hasMessageContaining("batchSize").hasMessageContaining("0");
  }

  @Property(tries = 50)
  void weighted_isAPureFunctionOfSeedAndEpoch(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 20) int epoch, @ForAll boolean replacement) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1 + (i % 7);
    }
    EpochSampler a = Samplers.weighted(w).setBatchSize(16).optSeed(seed).optReplacement(replacement).build();
    EpochSampler b = Samplers.weighted(w).setBatchSize(64).optSeed(seed).optReplacement(replacement).build();
    b.epochOrder(epoch + 1, n); // an unrelated call must not disturb later orders
    assertThat(a.epochOrder(epoch, n)).containsExactly(b.epochOrder(epoch, n));
  }

  @Property(tries = 50)
  void weightedWithoutReplacement_drawsDistinctIndices(@ForAll @IntRange(min = 1, max = 400) int n,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int length) {
    int len = Math.min(n, length);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.01 + (i * 37 % 11);
    }
    EpochSampler s = Samplers.weighted(w).setBatchSize(7).optSeed(seed).optReplacement(false)
        .optEpochLength(len).build();
    long[] order = s.epochOrder(3, n);
    assertThat(order).hasSize(len);
    assertThat(Arrays.stream(order).distinct().count()).isEqualTo(len);
    assertThat(Arrays.stream(order).allMatch(i -> i >= 0 && i < n)).isTrue();
  }

  @Test
  void weightedWithoutReplacement_prefersHeavySamplesEarly() {
    double[] w = new double[1000];
    Arrays.fill(w, 1);
    for (int i = 0; i < 100; i++) {
      w[i] = 50;
    }
    long[] first = Arrays.copyOf(
        Samplers.weighted(w).setBatchSize(10).optReplacement(false).optEpochLength(100).build().epochOrder(0, 1000),
        100);
    long heavy = Arrays.stream(first).filter(i -> i < 100).count();
    // uniformly it would be about 10 of 100
    assertThat(heavy).isGreaterThan(50);
  }

  @Test
  void weighted_withReplacementAndEpochLength_drawsThatManyIndices() {
    EpochSampler s = Samplers.weighted(new double[] {1, 1, 1}).setBatchSize(4).optEpochLength(10).build();
    assertThat(s.epochOrder(0, 3)).hasSize(10);
    assertThat(s.epochOrder(0, 3)).isNotEqualTo(s.epochOrder(1, 3));
    assertThatThrownBy(() -> s.epochOrder(0, 4)).hasMessageContaining("3 samples").hasMessageContaining("4");
  }

  @Test
  void classBalanced_drawsEveryClassAboutEquallyOften() throws Exception {
    int[] labels = longTailLabels(new int[] {6000, 600, 60, 6});
    EpochSampler s = Samplers.classBalanced(labels, 4).setBatchSize(128).optSeed(3).build();
    long[] counts = new long[4];
    for (long i : s.epochOrder(0, labels.length)) {
      counts[labels[(int) i]]++;
    }
    double each = labels.length / 4.0;
    for (long c : counts) {
      assertThat((double) c).isCloseTo(each, org.assertj.core.data.Offset.offset(6 * Math.sqrt(each)));
    }
    assertThat(s.describe()).containsEntry("scheme", "INVERSE_FREQUENCY").containsEntry("seed", "3");
  }

  @Test
  void classBalanced_sqrtAndEffectiveNumber_sitBetweenNaturalAndInverse() throws Exception {
    int[] labels = longTailLabels(new int[] {1000, 10});
    for (ClassWeights.Scheme scheme : List.of(ClassWeights.Scheme.SQRT_INVERSE_FREQUENCY,
        ClassWeights.Scheme.EFFECTIVE_NUMBER)) {
      EpochSampler s = Samplers.classBalanced(labels, 2).optScheme(scheme, 0.99).setBatchSize(32).build();
      long rare = Arrays.stream(s.epochOrder(0, labels.length)).filter(i -> labels[(int) i] == 1).count();
      // natural share is 10 of 1010, balanced 505: both schemes land strictly between
      assertThat(rare).as(scheme.name()).isBetween(40L, 400L);
    }
  }

  @Test
  void classBalanced_whenALabelIsOutOfRange_failsWithTheSampleAndValue() {
    assertThatThrownBy(() -> Samplers.classBalanced(new int[] {0, 1, 5, 1}, 3).setBatchSize(2).build())
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("class label out of range at sample 2: expected a label in 0..2, found 5");
  }

  @Test
  void classBalanced_whenAClassIsEmpty_failsNamingTheClass() {
    assertThatThrownBy(() -> Samplers.classBalanced(new int[] {0, 0, 2}, 3).setBatchSize(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 1 has 0 samples");
  }

  @Property(tries = 40)
  void stratified_everyBatchHoldsAtLeastKOfEveryClass(@ForAll @IntRange(min = 2, max = 6) int numClasses,
      @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 0, max = 20) int slack,
      @ForAll long seed) throws Exception {
    int[] labels = seededLongTailLabels(numClasses, seed);
    int batch = k * numClasses + slack;
    EpochSampler s = Samplers.stratified(labels, numClasses).setBatchSize(batch).optPerClass(k).optSeed(seed).build();
    long[] order = s.epochOrder(2, labels.length);
    assertThat(order.length % batch).isZero();
    assertThat(order.length / batch).isEqualTo((labels.length + batch - 1) / batch);
    for (int b = 0; b < order.length; b += batch) {
      int[] per = new int[numClasses];
      for (int i = b; i < b + batch; i++) {
        per[labels[(int) order[i]]]++;
      }
      assertThat(Arrays.stream(per).min().orElseThrow()).as(Arrays.toString(per)).isGreaterThanOrEqualTo(k);
    }
    assertThat(s.epochOrder(2, labels.length)).containsExactly(order);
  }

  @Property(tries = 40)
  void stratified_withClassBalancedRest_drawsEveryClassEquallyOften_andEverySampleOfAClassEquallyOften(
      @ForAll @IntRange(min = 2, max = 6) int numClasses, @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 0, max = 20) int slack, @ForAll @IntRange(min = 1, max = 30) int batches,
      @ForAll long seed) throws Exception {
    int[] labels = seededLongTailLabels(numClasses, seed);
    int batch = k * numClasses + slack;
    EpochSampler s = Samplers.stratified(labels, numClasses).setBatchSize(batch).optPerClass(k)
        .optClassBalancedRest(true).optBatchesPerEpoch(batches).optSeed(seed).build();
    long[] order = s.epochOrder(1, labels.length);
    assertThat(order).hasSize(batches * batch);
    int[] perClass = new int[numClasses];
    int[] perSample = new int[labels.length];
    for (int b = 0; b < order.length; b += batch) {
      int[] per = new int[numClasses];
      for (int i = b; i < b + batch; i++) {
        int c = labels[(int) order[i]];
        per[c]++;
        perClass[c]++;
        perSample[(int) order[i]]++;
      }
      assertThat(Arrays.stream(per).min().orElseThrow()).as(Arrays.toString(per)).isGreaterThanOrEqualTo(k);
    }
    assertThat(Arrays.stream(perClass).max().orElseThrow() - Arrays.stream(perClass).min().orElseThrow())
        .as(Arrays.toString(perClass)).isLessThanOrEqualTo(1);
    // each class's pool is used up before any of its samples is drawn again
    for (int c = 0; c < numClasses; c++) {
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          min = Math.min(min, perSample[i]);
          max = Math.max(max, perSample[i]);
        }
      }
      assertThat(max - min).as("draws per sample of class %d", c).isLessThanOrEqualTo(1);
    }
    assertThat(s.epochOrder(1, labels.length)).containsExactly(order);
    assertThat(s.describe()).containsEntry("rest", "class-balanced");
  }

  @Test
  void stratified_whenTheBatchCannotHoldEveryClass_fails() {
    assertThatThrownBy(() -> Samplers.stratified(new int[] {0, 1, 2}, 3).setBatchSize(5).optPerClass(2).build())
        .hasMessageContaining("batchSize 5").hasMessageContaining("perClass 2");
  }

  @Property(tries = 60)
  void distributed_servesEveryIndexExactlyOncePerEpochAcrossRanks(
      @ForAll @IntRange(min = 0, max = 500) int n, @ForAll @IntRange(min = 1, max = 9) int world,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int epoch) {
    long[] seen = new long[n];
    List<long[]> shares = new ArrayList<>();
    for (int rank = 0; rank < world; rank++) {
      EpochSampler s = Samplers.distributed(Samplers.random(8, seed), rank, world);
      long[] mine = s.epochOrder(epoch, n);
      shares.add(mine);
      for (long i : mine) {
        seen[(int) i]++;
      }
    }
    assertThat(Arrays.stream(seen).allMatch(c -> c == 1)).as(Arrays.toString(seen)).isTrue();
    int min = shares.stream().mapToInt(a -> a.length).min().orElse(0);
    int max = shares.stream().mapToInt(a -> a.length).max().orElse(0);
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Test
  void deferred_servesTheFirstSamplersEpochsUntilFromEpoch_thenTheSeconds() throws Exception {
    int[] labels = longTailLabels(new int[] {600, 60, 6});
    EpochSampler uniform = Samplers.random(16, 5);
    EpochSampler balanced = Samplers.classBalanced(labels, 3).setBatchSize(16).optSeed(5).build();
    EpochSampler s = Samplers.deferred(uniform, balanced, 2);
    for (int e = 0; e < 4; e++) {
      assertThat(s.epochOrder(e, labels.length))
          .isEqualTo((e < 2 ? uniform : balanced).epochOrder(e, labels.length));
    }
    s.setEpoch(2);
    assertThat(s.getEpoch()).isEqualTo(2);
    List<Long> served = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ArrayDataset ds = new ArrayDataset.Builder().setData(manager.zeros(new ai.djl.ndarray.types.Shape(labels.length)))
          .setSampling(16, false).build();
      s.sample(ds).forEachRemaining(served::addAll);
    }
    assertThat(served).containsExactlyElementsOf(Arrays.stream(balanced.epochOrder(2, labels.length)).boxed().toList());
    assertThat(s.describe()).containsEntry("sampler", "deferred").containsEntry("fromEpoch", "2")
        .containsEntry("before.sampler", uniform.describe().get("sampler"))
        .containsEntry("after.scheme", "INVERSE_FREQUENCY");
  }

  @Test
  void deferred_rejectsANegativeEpochAndDifferentBatchSizes() {
    assertThatThrownBy(() -> Samplers.deferred(Samplers.random(4, 1), Samplers.random(4, 2), -1))
        .hasMessage("fromEpoch must be >= 0: -1");
    assertThatThrownBy(() -> Samplers.deferred(Samplers.random(4, 1), Samplers.random(8, 2), 1))
        .hasMessage("batch sizes differ: before 4, after 8");
  }

  @Test
  void distributed_reshufflesPerEpoch_andRejectsBadRank() {
    EpochSampler s = Samplers.distributed(Samplers.random(4, 1), 0, 2);
    assertThat(s.epochOrder(0, 100)).isNotEqualTo(s.epochOrder(1, 100));
    assertThatThrownBy(() -> Samplers.distributed(Samplers.random(4, 1), 2, 2))
        .hasMessage("rank must be in 0..1: 2");
    assertThatThrownBy(() -> Samplers.distributed(Samplers.random(4, 1), 0, 0))
        .hasMessage("worldSize must be >= 1: 0");
  }

  @Test
  void hardExample_drawsUniformlyFirst_thenFavoursHighLossAndMisclassifiedSamples() {
    int n = 2000;
    HardExampleSampler s = Samplers.hardExample(n).setBatchSize(32).optSeed(9).optLossWeight(4).optMissWeight(4)
        .build();
    long[] first = s.epochOrder(0, n);
    assertThat(Arrays.stream(first).distinct().count()).isEqualTo(n);
    SampleLossLog log = new SampleLossLog(n);
    for (int i = 0; i < n; i++) {
      boolean hard = i < 100;
      log.record(i, hard ? 3f : 0.1f, !hard);
    }
    s.observe(log);
    long[] next = s.epochOrder(1, n);
    long hardDraws = Arrays.stream(next).filter(i -> i < 100).count();
    // hard weight 1+4*3/0.245+4 = 54 vs easy 1.16: hard share is about 100*54/(100*54+1900*1.16) = 71%
    assertThat(hardDraws).isGreaterThan(n / 2);
    HardExampleSampler twin = Samplers.hardExample(n).setBatchSize(32).optSeed(9).optLossWeight(4).optMissWeight(4)
        .build();
    twin.observe(log);
    assertThat(twin.epochOrder(1, n)).containsExactly(next);
  }

  @Test
  void sampleLossLog_rejectsNonFiniteLossesAndForeignIndices() {
    SampleLossLog log = new SampleLossLog(3);
    assertThatThrownBy(() -> log.record(1, Float.NaN, true)).hasMessage("loss of sample 1 must be finite: NaN");
    assertThatThrownBy(() -> log.record(3, 1f, true)).hasMessage("sample index must be in 0..2: 3");
  }

  @Test
  void epochSampler_feedsDjlDatasetsInItsOwnOrder() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      int n = 50;
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = i;
      }
      ArrayDataset ds = new ArrayDataset.Builder().setData(manager.create(x).reshape(n, 1))
          .optLabels(manager.create(x)).setSampling(8, false).build();
      EpochSampler s = Samplers.random(8, 77);
      s.setEpoch(4);
      long[] expected = s.epochOrder(4, n);
      List<Long> served = new ArrayList<>();
      for (Batch b : ds.getData(manager, s)) {
        try (b) {
          for (float v : b.getData().head().toFloatArray()) {
            served.add((long) v);
          }
        }
      }
      assertThat(served).containsExactly(Arrays.stream(expected).boxed().toArray(Long[]::new));
      Iterator<List<Long>> it = s.sample(ds);
      assertThat(it.next()).hasSize(8);
    }
  }

  @Property(tries = 30)
  void smote_balancesClasses_withPointsBetweenSameClassNeighbours(@ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 12) int minority) throws Exception {
    int[] labels = longTailLabels(new int[] {30, minority, 7});
    float[][] x = new float[labels.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[] {labels[i] * 10 + (i % 5), (i * 7 % 3) - labels[i]};
    }
    Smote smote = Smote.builder().optK(3).optSeed(seed).build();
    Smote.Result r = smote.oversample(x, labels, 3);
    assertThat(ClassWeights.countLabels(r.labels(), 3)).containsExactly(30, 30, 30);
    for (int i = labels.length; i < r.labels().length; i++) {
      int c = r.labels()[i];
      float[] p = r.features()[i];
      int src = r.sourceIndex()[i];
      assertThat(labels[src]).isEqualTo(c);
      // a convex combination of same-class points stays inside the class's bounding box
      for (int d = 0; d < 2; d++) {
        final int dd = d;
        double lo = java.util.stream.IntStream.range(0, labels.length).filter(j -> labels[j] == c)
            .mapToDouble(j -> x[j][dd]).min().orElseThrow();
        double hi = java.util.stream.IntStream.range(0, labels.length).filter(j -> labels[j] == c)
            .mapToDouble(j -> x[j][dd]).max().orElseThrow();
        assertThat((double) p[d]).isBetween(lo - 1e-5, hi + 1e-5);
      }
    }
    Smote.Result again = smote.oversample(x, labels, 3);
    assertThat(again.features()).isDeepEqualTo(r.features());
  }

  @Test
  void smote_badInput_getsClearErrors() {
    Smote smote = Smote.builder().build();
    assertThatThrownBy(() -> smote.oversample(new float[][] {{1, 2}, {1}}, new int[] {0, 0}, 1))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("sample 1");
    assertThatThrownBy(() -> smote.oversample(new float[][] {{1}, {Float.NaN}}, new int[] {0, 0}, 1))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> smote.oversample(new float[][] {{1}, {2}}, new int[] {0, 0}, 2))
        .hasMessageContaining("class 1 has no samples");
    assertThatThrownBy(() -> Smote.builder().optK(0).build()).hasMessage("k must be >= 1: 0");
  }

  /** Shuffled labels of {@code numClasses} classes, every class present, sizes falling with the index, from the seed. */
  static int[] seededLongTailLabels(int numClasses, long seed) {
    int[] sizes = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      sizes[c] = 1 + (int) Math.abs((seed >>> (c * 5)) % 200) / (c + 1);
    }
    return shuffled(longTailLabels(sizes), seed);
  }

  static int[] longTailLabels(int[] sizes) {
    int n = Arrays.stream(sizes).sum();
    int[] labels = new int[n];
    int o = 0;
    for (int c = 0; c < sizes.length; c++) {
      for (int i = 0; i < sizes[c]; i++) {
        labels[o++] = c;
      }
    }
    return labels;
  }

  static int[] shuffled(int[] a, long seed) {
    long[] idx = Seeds.permutation(seed, 0, a.length);
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[(int) idx[i]];
    }
    return out;
  }
}
