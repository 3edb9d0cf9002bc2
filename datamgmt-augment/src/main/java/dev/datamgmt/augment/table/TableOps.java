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

  /** Noise of {@code scale} standard deviations of each numeric column (needs {@link TableStats}). */
  public static ScaledNoise scaledNoise(double p, double scale) {
    return new ScaledNoise(p, scale, List.of());
  }

  /** Categorical perturbation at {@code rate} per non-numeric cell (needs {@link TableStats}). */
  public static CategoricalPerturbation categoricalPerturbation(double p, double rate) {
    return new CategoricalPerturbation(p, rate, List.of());
  }

  /** Tabular mixup with a Beta({@code alpha}, {@code alpha}) weight and a partner row of the batch. */
  public static TableMixup tableMixup(double p, double alpha) {
    return new TableMixup(p, alpha);
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

  /**
   * Per-column scaled noise that keeps integer columns integer.
   *
   * @param p probability
   * @param scale noise standard deviation in units of each column's standard deviation, in {@code [0, 10]}
   * @param columns the columns (all numeric ones if empty)
   */
  public record ScaledNoise(double p, double scale, List<Integer> columns) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public ScaledNoise withP(double p) {
      return new ScaledNoise(p, scale, columns);
    }

    /** Validates. */
    public ScaledNoise {
      Op.checkP("scaledNoise", p);
      if (!(scale >= 0 && scale <= 10)) {
        throw new IllegalArgumentException("scaledNoise scale must be in [0, 10]: " + scale);
      }
      columns = checkColumns("scaledNoise", columns);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TableSteps.ScaledNoise(scale, columns, rng.nextLong()));
    }
  }

  /**
   * Categorical-aware perturbation: a non-numeric cell becomes another category of its column.
   *
   * @param p probability
   * @param rate per-cell probability
   * @param columns the columns (all non-numeric ones if empty)
   */
  public record CategoricalPerturbation(double p, double rate, List<Integer> columns) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CategoricalPerturbation withP(double p) {
      return new CategoricalPerturbation(p, rate, columns);
    }

    /** Validates. */
    public CategoricalPerturbation {
      Op.checkP("categoricalPerturbation", p);
      checkRate("categoricalPerturbation", rate);
      columns = checkColumns("categoricalPerturbation", columns);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TableSteps.PerturbCategories(rate, columns, rng.nextLong()));
    }
  }

  /**
   * Tabular mixup (numeric cells interpolated, categorical cells from the row with the larger weight).
   *
   * @param p probability
   * @param alpha Beta distribution parameter, {@code > 0}
   */
  public record TableMixup(double p, double alpha) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public TableMixup withP(double p) {
      return new TableMixup(p, alpha);
    }

    /** Validates. */
    public TableMixup {
      Op.checkP("tableMixup", p);
      if (!(alpha >= 1e-3 && alpha <= 1e3)) {
        throw new IllegalArgumentException("tableMixup alpha must be in [0.001, 1000]: " + alpha);
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double lambda = dev.datamgmt.augment.internal.image.Distributions.beta(rng, alpha, alpha);
      out.add(new TableSteps.MixRows(lambda, rng.nextDouble()));
    }
  }
}
