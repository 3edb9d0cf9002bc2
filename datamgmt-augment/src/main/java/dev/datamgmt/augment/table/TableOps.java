package dev.datamgmt.augment.table;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import java.util.List;
import java.util.SplittableRandom;

/** Table operations and their factories. */
public final class TableOps {
  private TableOps() {}

  static void checkRate(String op, double r) {
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(op + " rate must be in [0, 1]: " + r);
    }
  }

  static List<Integer> checkColumns(String op, List<Integer> cols) {
    List<Integer> c = List.copyOf(cols);
    for (int i : c) {
      if (i < 0) {
        throw new IllegalArgumentException(op + " column indices must be >= 0: " + c);
      }
    }
    return c;
  }

  /** Mask cells of every column with probability {@code rate}. */
  public static FeatureMasking featureMasking(double p, double rate) {
    return new FeatureMasking(p, rate, List.of());
  }

  /** Gaussian noise of {@code sigma} on every numeric column. */
  public static NumericNoise numericNoise(double p, double sigma) {
    return new NumericNoise(p, sigma, List.of());
  }

  /** Swap noise at {@code rate} per cell. */
  public static SwapNoise swapNoise(double p, double rate) {
    return new SwapNoise(p, rate);
  }

  /**
   * Feature masking. @param p probability @param rate per-cell probability @param columns which columns (empty:
   * all)
   */
  public record FeatureMasking(double p, double rate, List<Integer> columns) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public FeatureMasking withP(double p) {
      return new FeatureMasking(p, rate, columns);
    }

    /** Validates. */
    public FeatureMasking {
      Op.checkP("featureMasking", p);
      checkRate("featureMasking", rate);
      columns = checkColumns("featureMasking", columns);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TableSteps.MaskFeatures(rate, columns, rng.nextLong()));
    }
  }

  /** Numeric noise. @param p probability @param sigma standard deviation @param columns which (empty: all) */
  public record NumericNoise(double p, double sigma, List<Integer> columns) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public NumericNoise withP(double p) {
      return new NumericNoise(p, sigma, columns);
    }

    /** Validates. */
    public NumericNoise {
      Op.checkP("numericNoise", p);
      if (!(sigma >= 0) || !Double.isFinite(sigma)) {
        throw new IllegalArgumentException("numericNoise sigma must be finite and >= 0: " + sigma);
      }
      columns = checkColumns("numericNoise", columns);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TableSteps.NumericNoise(sigma, columns, rng.nextLong()));
    }
  }

  /** Swap noise. @param p probability @param rate per-cell probability */
  public record SwapNoise(double p, double rate) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public SwapNoise withP(double p) {
      return new SwapNoise(p, rate);
    }

    /** Validates. */
    public SwapNoise {
      Op.checkP("swapNoise", p);
      checkRate("swapNoise", rate);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TableSteps.SwapNoise(rate, rng.nextLong()));
    }
  }
}
