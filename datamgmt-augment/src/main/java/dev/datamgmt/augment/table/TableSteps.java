package dev.datamgmt.augment.table;

import dev.datamgmt.augment.Step;
import java.util.List;

/** Table operations with their parameters drawn; cell choices come from {@code seed}. */
public final class TableSteps {
  private TableSteps() {}

  /** Set each cell of {@code columns} (all if empty) to missing ({@code null}) with probability {@code rate}. */
  public record MaskFeatures(double rate, List<Integer> columns, long seed) implements Step {
    /** Copies. */
    public MaskFeatures {
      columns = List.copyOf(columns);
    }
  }

  /** Add {@code N(0, sigma^2)} to every numeric cell of {@code columns} (all numeric if empty). */
  public record NumericNoise(double sigma, List<Integer> columns, long seed) implements Step {
    /** Copies. */
    public NumericNoise {
      columns = List.copyOf(columns);
    }
  }

  /** Replace each cell with probability {@code rate} by the same column of a random row of the batch. */
  public record SwapNoise(double rate, long seed) implements Step {}

  /**
   * Add {@code N(0, (scale * std_c)^2)} to the numeric cells of {@code columns} (all if empty), {@code std_c} the
   * column's standard deviation from the augmenter's {@link TableStats}; integer columns are rounded and keep their
   * type.
   */
  public record ScaledNoise(double scale, List<Integer> columns, long seed) implements Step {
    /** Copies. */
    public ScaledNoise {
      columns = List.copyOf(columns);
    }
  }

  /**
   * Replace each non-numeric cell of {@code columns} (all if empty) with probability {@code rate} by another category
   * of its column (uniformly, from the augmenter's {@link TableStats}).
   */
  public record PerturbCategories(double rate, List<Integer> columns, long seed) implements Step {
    /** Copies. */
    public PerturbCategories {
      columns = List.copyOf(columns);
    }
  }

  /**
   * Tabular mixup with the row at batch position {@code floor(partner * batchSize)}: numeric cells become
   * {@code lambda * own + (1 - lambda) * partner} (integer types rounded, type kept), other cells take the own value
   * if {@code lambda >= 0.5}, else the partner's; a missing cell on either side keeps the own value.
   */
  public record MixRows(double lambda, double partner) implements Step {}
}
