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
  private final TableStats stats;

  private TableAugmenter(Pipeline pipeline, TableStats stats) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.stats = stats;
  }

  /** An augmenter for {@code pipeline}. */
  public static TableAugmenter of(Pipeline pipeline) {
    return new TableAugmenter(pipeline, null);
  }

  /** This augmenter with the column statistics that scaled noise and categorical perturbation use. */
  public TableAugmenter withStats(TableStats columnStats) {
    return new TableAugmenter(pipeline, Objects.requireNonNull(columnStats, "columnStats"));
  }

  private TableStats stats(Step s, int width, int row) {
    if (stats == null) {
      throw new IllegalStateException(s.getClass().getSimpleName() + " needs column statistics: "
          + "TableAugmenter.withStats(TableStats.of(rows)) (row " + row + ")");
    }
    if (stats.width() != width) {
      throw new IllegalArgumentException("table statistics have " + stats.width() + " columns, row " + row + " has "
          + width);
    }
    return stats;
  }

  /** {@code v} in the numeric type of {@code like}: rounded for integer types. */
  private static Number sameType(double v, Number like) {
    if (like instanceof Integer) {
      return (int) Math.round(v);
    } else if (like instanceof Long) {
      return Math.round(v);
    } else if (like instanceof Short) {
      return (short) Math.round(v);
    } else if (like instanceof Byte) {
      return (byte) Math.round(v);
    } else if (like instanceof Float) {
      return (float) v;
    }
    return v;
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
        } else if (s instanceof TableSteps.ScaledNoise sn) {
          TableStats st = stats(s, row.length, r);
          SplittableRandom rng = new SplittableRandom(sn.seed());
          Set<Integer> cols = new HashSet<>(sn.columns());
          for (int c = 0; c < row.length; c++) {
            double z = dev.datamgmt.augment.internal.image.Distributions.gaussian(rng);
            if (row[c] instanceof Number num && (cols.isEmpty() || cols.contains(c))) {
              row[c] = sameType(num.doubleValue() + sn.scale() * st.std(c) * z, num);
            }
          }
        } else if (s instanceof TableSteps.PerturbCategories pc) {
          TableStats st = stats(s, row.length, r);
          SplittableRandom rng = new SplittableRandom(pc.seed());
          Set<Integer> cols = new HashSet<>(pc.columns());
          for (int c = 0; c < row.length; c++) {
            double u = rng.nextDouble();
            List<Object> cats = st.categories(c);
            if (u < pc.rate() && row[c] != null && !(row[c] instanceof Number) && cats.size() > 1
                && (cols.isEmpty() || cols.contains(c))) {
              // Another category than the current one, uniformly.
              int own = cats.indexOf(row[c]);
              int k = rng.nextInt(own < 0 ? cats.size() : cats.size() - 1);
              row[c] = cats.get(own >= 0 && k >= own ? k + 1 : k);
            }
          }
        } else if (s instanceof TableSteps.MixRows mx) {
          Object[] other = rows.get(Math.min(rows.size() - 1, (int) Math.floor(mx.partner() * rows.size())));
          for (int c = 0; c < row.length; c++) {
            if (row[c] == null || other[c] == null) {
              continue;
            }
            if (row[c] instanceof Number a && other[c] instanceof Number b) {
              row[c] = sameType(mx.lambda() * a.doubleValue() + (1 - mx.lambda()) * b.doubleValue(), a);
            } else if (mx.lambda() < 0.5) {
              row[c] = other[c];
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
