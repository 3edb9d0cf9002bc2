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
}
