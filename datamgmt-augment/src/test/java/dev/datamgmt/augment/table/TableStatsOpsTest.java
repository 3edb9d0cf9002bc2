package dev.datamgmt.augment.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.Pipeline;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Scaled noise, categorical perturbation, tabular mixup and the column statistics they read (issue 20). */
class TableStatsOpsTest {
  private static final String[] COLOURS = {"red", "green", "blue"};

  /** Columns: Integer age, Long count, Double score, String colour. */
  private static List<Object[]> rows(int n, long seed) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {20 + rng.nextInt(40), (long) rng.nextInt(1000), rng.nextDouble() * 10,
          COLOURS[rng.nextInt(3)]});
    }
    return rows;
  }

  private static long[] indices(int n, long base) {
    long[] idx = new long[n];
    for (int i = 0; i < n; i++) {
      idx[i] = base + i;
    }
    return idx;
  }

  @Test
  void stats_giveStdIntegerFlagsAndCategories() {
    List<Object[]> rows = List.of(new Object[] {1, 2.0, "a"}, new Object[] {3, 4.5, "b"},
        new Object[] {null, 1.0, "a"});
    TableStats s = TableStats.of(rows);
    assertThat(s.std(0)).isCloseTo(1, within(1e-12));
    assertThat(s.isIntegerColumn(0)).isTrue();
    assertThat(s.isIntegerColumn(1)).isFalse();
    assertThat(s.isIntegerColumn(2)).isFalse();
    assertThat(s.categories(2)).containsExactly("a", "b");
    assertThat(s.categories(0)).isEmpty();
  }

  @Property(tries = 30)
  void scaledNoise_keepsIntegerColumnsIntegerAndTypesUnchanged(@ForAll @IntRange(min = 0, max = 10_000) int epoch)
      throws Exception {
    List<Object[]> rows = rows(16, 3);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(5).add(TableOps.scaledNoise(1, 0.5)).build())
        .withStats(TableStats.of(rows));
    List<Object[]> out = aug.applyBatch(rows, epoch, indices(16, 0));
    for (int r = 0; r < rows.size(); r++) {
      assertThat(out.get(r)[0]).isInstanceOf(Integer.class);
      assertThat(out.get(r)[1]).isInstanceOf(Long.class);
      assertThat(out.get(r)[2]).isInstanceOf(Double.class);
      assertThat(out.get(r)[3]).isEqualTo(rows.get(r)[3]);
    }
  }

  @Test
  void scaledNoise_hasTheScaledStandardDeviationOfEachColumn() throws Exception {
    List<Object[]> rows = rows(4000, 8);
    TableStats stats = TableStats.of(rows);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(2).add(TableOps.scaledNoise(1, 0.1)).build())
        .withStats(stats);
    List<Object[]> out = aug.applyBatch(rows, 0, indices(4000, 0));
    double sq = 0;
    for (int r = 0; r < rows.size(); r++) {
      double d = (Double) out.get(r)[2] - (Double) rows.get(r)[2];
      sq += d * d;
    }
    assertThat(Math.sqrt(sq / rows.size())).isCloseTo(0.1 * stats.std(2), within(0.1 * stats.std(2) * 0.06));
  }

  @Property(tries = 20)
  void scaledNoise_ofARow_doesNotDependOnItsBatch(@ForAll @IntRange(min = 1, max = 15) int split) throws Exception {
    List<Object[]> rows = rows(16, 4);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(9).add(TableOps.scaledNoise(1, 0.3))
        .add(TableOps.categoricalPerturbation(1, 0.5)).build()).withStats(TableStats.of(rows));
    List<Object[]> whole = aug.applyBatch(rows, 2, indices(16, 100));
    List<Object[]> parts = new ArrayList<>(aug.applyBatch(rows.subList(0, split), 2, indices(split, 100)));
    parts.addAll(aug.applyBatch(rows.subList(split, 16), 2, indices(16 - split, 100 + split)));
    for (int r = 0; r < 16; r++) {
      assertThat(parts.get(r)).containsExactly(whole.get(r));
    }
  }

  @Test
  void categoricalPerturbation_atRateOne_changesEveryCategoryToAnotherOfItsColumn() throws Exception {
    List<Object[]> rows = rows(50, 6);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(1)
        .add(TableOps.categoricalPerturbation(1, 1)).build()).withStats(TableStats.of(rows));
    List<Object[]> out = aug.applyBatch(rows, 0, indices(50, 0));
    for (int r = 0; r < rows.size(); r++) {
      assertThat(out.get(r)[3]).isIn((Object[]) COLOURS).isNotEqualTo(rows.get(r)[3]);
      assertThat(out.get(r)[0]).isEqualTo(rows.get(r)[0]);
      assertThat(out.get(r)[2]).isEqualTo(rows.get(r)[2]);
    }
  }

  @Property(tries = 30)
  void tableMixup_interpolatesNumbersWithinTheTwoRowsAndTakesCategoriesFromOne(
      @ForAll @IntRange(min = 0, max = 10_000) int epoch) throws Exception {
    List<Object[]> rows = rows(8, 2);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(3).add(TableOps.tableMixup(1, 0.4)).build());
    List<Object[]> out = aug.applyBatch(rows, epoch, indices(8, 0));
    for (int r = 0; r < rows.size(); r++) {
      Object[] o = out.get(r);
      assertThat(o[0]).isInstanceOf(Integer.class);
      int age = (Integer) o[0];
      boolean fromSomePair = false;
      for (Object[] partner : rows) {
        int lo = Math.min((Integer) rows.get(r)[0], (Integer) partner[0]);
        int hi = Math.max((Integer) rows.get(r)[0], (Integer) partner[0]);
        fromSomePair |= age >= lo && age <= hi && (o[3].equals(rows.get(r)[3]) || o[3].equals(partner[3]));
      }
      assertThat(fromSomePair).isTrue();
    }
  }

  @Test
  void statsMissingOrOfAnotherWidth_areMisusesNamingTheFix() {
    List<Object[]> rows = rows(4, 1);
    TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(3).add(TableOps.scaledNoise(1, 0.1)).build());
    assertThatThrownBy(() -> aug.applyBatch(rows, 0, indices(4, 0))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("withStats");
    TableAugmenter narrow = aug.withStats(TableStats.of(List.<Object[]>of(new Object[] {1, 2})));
    assertThatThrownBy(() -> narrow.applyBatch(rows, 0, indices(4, 0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 columns").hasMessageContaining("has 4");
    assertThatThrownBy(() -> TableStats.of(List.of())).hasMessageContaining("at least one row");
    assertThatThrownBy(() -> TableOps.scaledNoise(1, -1)).hasMessageContaining("scaledNoise scale");
    assertThatThrownBy(() -> TableOps.tableMixup(1, 0)).hasMessageContaining("tableMixup alpha");
  }
}
