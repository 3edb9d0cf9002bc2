package dev.datamgmt.augment.table;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs a table pipeline on a batch of rows (pure Java). A row is an {@code Object[]} of cell values: numbers
 * ({@link Number}) are numeric, anything else categorical, {@code null} missing. Swap noise reads the batch as
 * it was before any row of it was changed, so results do not depend on row order.
 *
 * <pre>{@code
 * TableAugmenter aug = TableAugmenter.of(Pipeline.builder().setSeed(5)
 *     .add(TableOps.featureMasking(1, 0.1)).add(TableOps.swapNoise(1, 0.15)).build());
 * List<Object[]> out = aug.applyBatch(rows, epoch, indices);
 * }</pre>
 */
public final class TableAugmenter {
  private final Pipeline pipeline;

  private TableAugmenter(Pipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
  }

  /** An augmenter for {@code pipeline}. */
  public static TableAugmenter of(Pipeline pipeline) {
    return new TableAugmenter(pipeline);
  }

  /**
   * Augments a batch of rows; row {@code i} uses the parameters of ({@code epoch}, {@code indices[i]}).
   *
   * @throws InvalidDataException if rows differ in length or hold non-finite numbers
   */
  public List<Object[]> applyBatch(List<Object[]> rows, long epoch, long[] indices) throws InvalidDataException {
    if (indices.length != rows.size()) {
      throw new IllegalArgumentException(
          "indices must have one entry per row: " + indices.length + " indices for " + rows.size() + " rows");
    }
    List<AugmentParams> params = new ArrayList<>(rows.size());
    for (long index : indices) {
      params.add(pipeline.sample(epoch, index));
    }
    return replayBatch(rows, params);
  }

  /** Re-runs recorded parameters (one per row) on a batch. */
  public List<Object[]> replayBatch(List<Object[]> rows, List<AugmentParams> params) throws InvalidDataException {
    int width = -1;
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      if (row == null) {
        throw new InvalidDataException("null row", "row " + r, "an Object[] row", "null");
      }
      if (width < 0) {
        width = row.length;
      } else if (row.length != width) {
        throw new InvalidDataException("row has another width", "row " + r, width + " columns", row.length + " columns");
      }
      for (int c = 0; c < row.length; c++) {
        if (row[c] instanceof Number num && !Double.isFinite(num.doubleValue())) {
          throw new InvalidDataException("non-finite number", "row " + r + " column " + c,
              "finite numbers (null for missing)", String.valueOf(num));
        }
      }
    }
    List<Object[]> out = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r).clone();
      for (Step s : params.get(r).steps()) {
        if (s instanceof TableSteps.MaskFeatures m) {
          SplittableRandom rng = new SplittableRandom(m.seed());
          Set<Integer> cols = new HashSet<>(m.columns());
          for (int c = 0; c < row.length; c++) {
            boolean hit = rng.nextDouble() < m.rate();
            if (hit && (cols.isEmpty() || cols.contains(c))) {
              row[c] = null;
            }
          }
        } else if (s instanceof TableSteps.NumericNoise nz) {
          SplittableRandom rng = new SplittableRandom(nz.seed());
          Set<Integer> cols = new HashSet<>(nz.columns());
          for (int c = 0; c < row.length; c++) {
            double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            if (row[c] instanceof Number num && (cols.isEmpty() || cols.contains(c))) {
              row[c] = num.doubleValue() + nz.sigma() * z;
            }
          }
        } else if (s instanceof TableSteps.SwapNoise sw) {
          SplittableRandom rng = new SplittableRandom(sw.seed());
          for (int c = 0; c < row.length; c++) {
            double u = rng.nextDouble();
            int other = rng.nextInt(rows.size());
            if (u < sw.rate()) {
              row[c] = rows.get(other)[c];
            }
          }
        } else {
          throw new IllegalArgumentException("step " + s + " does not apply to a table row (row " + r + ")");
        }
      }
      out.add(row);
    }
    return out;
  }
}
