package dev.datamgmt.augment.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TableAugmenterTest {
  private static final TableAugmenter NONE = TableAugmenter.of(Pipeline.builder().setSeed(0).build());

  private static List<Object[]> rows(int n) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {(double) i, "cat" + (i % 3), (long) (10 * i), null});
    }
    return rows;
  }

  private static List<AugmentParams> same(int n, dev.datamgmt.augment.Step step) {
    List<AugmentParams> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(AugmentParams.of(step));
    }
    return p;
  }

  @Property(tries = 50)
  void swapNoise_takesEveryValueFromTheSameColumn(@ForAll long seed) throws Exception {
    List<Object[]> in = rows(12);
    List<Object[]> out = NONE.replayBatch(in, same(12, new TableSteps.SwapNoise(0.5, seed)));
    for (Object[] row : out) {
      for (int c = 0; c < row.length; c++) {
        final int col = c;
        assertThat(in.stream().map(r -> r[col]).toList()).contains(row[c]);
      }
    }
  }

  @Test
  void featureMasking_setsMissingOnlyInChosenColumns() throws Exception {
    List<AugmentParams> params = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      params.add(AugmentParams.of(new TableSteps.MaskFeatures(0.5, List.of(1), i)));
    }
    List<Object[]> out = NONE.replayBatch(rows(50), params);
    int masked = 0;
    for (Object[] row : out) {
      assertThat(row[0]).isNotNull();
      assertThat(row[2]).isNotNull();
      masked += row[1] == null ? 1 : 0;
    }
    assertThat(masked).isBetween(1, 49);
  }

  @Test
  void numericNoise_touchesNumbersOnly() throws Exception {
    List<Object[]> in = rows(5);
    List<Object[]> out = NONE.replayBatch(in, same(5, new TableSteps.NumericNoise(0.1, List.of(), 4)));
    for (int r = 0; r < 5; r++) {
      assertThat(out.get(r)[1]).isEqualTo(in.get(r)[1]);
      assertThat(out.get(r)[3]).isNull();
      assertThat((double) out.get(r)[0]).isNotEqualTo((double) in.get(r)[0]).isCloseTo((double) in.get(r)[0],
          org.assertj.core.data.Offset.offset(0.6));
    }
  }

  @Test
  void applyBatch_isDeterministicAndIndependentOfRowPosition() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(2).add(TableOps.featureMasking(1, 0.3))
        .add(TableOps.numericNoise(1, 0.2)).build();
    TableAugmenter aug = TableAugmenter.of(p);
    List<Object[]> in = rows(4);
    List<Object[]> a = aug.applyBatch(in, 0, new long[] {1, 2, 3, 4});
    List<Object[]> b = aug.applyBatch(List.of(in.get(3), in.get(2), in.get(1), in.get(0)), 0, new long[] {4, 3, 2, 1});
    for (int i = 0; i < 4; i++) {
      assertThat(b.get(3 - i)).containsExactly(a.get(i));
    }
  }

  @Test
  void badRows_areRejectedNamingRowAndColumn() {
    List<Object[]> ragged = List.<Object[]>of(new Object[] {1.0, 2.0}, new Object[] {1.0});
    assertThatThrownBy(() -> NONE.applyBatch(ragged, 0, new long[] {0, 1}))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1")
        .hasMessageContaining("expected 2 columns, found 1 columns");
    List<Object[]> nan = List.<Object[]>of(new Object[] {1.0, Double.NaN});
    assertThatThrownBy(() -> NONE.applyBatch(nan, 0, new long[] {0}))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 0 column 1");
  }
}
