package dev.datamgmt.synth.dist;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.datamgmt.synth.InvalidSettingException;
import java.util.SplittableRandom;

/**
 * A distribution of real numbers, as data: a generator's randomization ranges are values of this type, so they
 * round-trip through JSON ({@code {"type":"uniform","min":0,"max":1}}) and are recorded in provenance. Every
 * draw takes the caller's stream and consumes a fixed number of values from it (see each type), so a sample's
 * parameters are a pure function of its stream.
 *
 * <pre>{@code
 * Distribution size = Distribution.truncatedNormal(20, 6, 8, 40);
 * double r = size.sample(Seeds.random(seed, index));
 * }</pre>
 *
 * <p>Invalid parameters (an inverted range, a negative standard deviation, a non-positive log-uniform bound) throw
 * {@link InvalidSettingException} from the constructor, so a bad configuration fails where it is built or read.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Distribution.Constant.class, name = "constant"),
  @JsonSubTypes.Type(value = Distribution.Uniform.class, name = "uniform"),
  @JsonSubTypes.Type(value = Distribution.Normal.class, name = "normal"),
  @JsonSubTypes.Type(value = Distribution.TruncatedNormal.class, name = "truncatedNormal"),
  @JsonSubTypes.Type(value = Distribution.LogUniform.class, name = "logUniform"),
})
public sealed interface Distribution {

  /** One draw from {@code rng}. */
  double sample(SplittableRandom rng);

  /** The smallest value a draw can take ({@code -Infinity} if unbounded). */
  double lowest();

  /** The largest value a draw can take ({@code +Infinity} if unbounded). */
  double highest();

  /** Always {@code value}; consumes nothing. */
  static Distribution constant(double value) {
    return new Constant(value);
  }

  /** Uniform on [min, max). */
  static Distribution uniform(double min, double max) {
    return new Uniform(min, max);
  }

  /** Normal with this mean and standard deviation. */
  static Distribution normal(double mean, double sd) {
    return new Normal(mean, sd);
  }

  /** Normal(mean, sd) conditioned on [min, max]. */
  static Distribution truncatedNormal(double mean, double sd, double min, double max) {
    return new TruncatedNormal(mean, sd, min, max);
  }

  /** log(x) uniform on [log(min), log(max)): scales, sizes, learning rates. */
  static Distribution logUniform(double min, double max) {
    return new LogUniform(min, max);
  }

  /** Always {@code value}; consumes nothing from the stream. @param value the value, finite */
  record Constant(double value) implements Distribution {
    /** Validates. */
    public Constant {
      finite("constant.value", value);
    }

    @Override
    public double sample(SplittableRandom rng) {
      return value;
    }

    @Override
    public double lowest() {
      return value;
    }

    @Override
    public double highest() {
      return value;
    }
  }

  /**
   * Uniform on [min, max): {@code min + (max - min) * u} with one {@code nextDouble()}.
   *
   * @param min lower bound, finite
   * @param max upper bound, finite, {@code >= min}
   */
  record Uniform(double min, double max) implements Distribution {
    /** Validates. */
    public Uniform {
      range("uniform", min, max);
    }

    @Override
    public double sample(SplittableRandom rng) {
      return min + (max - min) * rng.nextDouble();
    }

    @Override
    public double lowest() {
      return min;
    }

    @Override
    public double highest() {
      return max;
    }
  }

  /**
   * Normal by Box-Muller: two {@code nextDouble()} per draw.
   *
   * @param mean the mean, finite
   * @param sd the standard deviation, {@code >= 0}
   */
  record Normal(double mean, double sd) implements Distribution {
    /** Validates. */
    public Normal {
      finite("normal.mean", mean);
      nonNegative("normal.sd", sd);
    }

    @Override
    public double sample(SplittableRandom rng) {
      return mean + sd * Gaussian.standard(rng);
    }

    @Override
    public double lowest() {
      return sd == 0 ? mean : Double.NEGATIVE_INFINITY;
    }

    @Override
    public double highest() {
      return sd == 0 ? mean : Double.POSITIVE_INFINITY;
    }
  }

  /**
   * Normal(mean, sd) conditioned on [min, max], by inverting the CDF: one {@code nextDouble()} per draw and no
   * rejection loop, so even a range far in the tail costs one draw. The result is clamped to [min, max].
   *
   * @param mean the mean of the untruncated normal
   * @param sd its standard deviation, {@code >= 0}
   * @param min lower bound
   * @param max upper bound, {@code >= min}
   */
  record TruncatedNormal(double mean, double sd, double min, double max) implements Distribution {
    /** Validates. */
    public TruncatedNormal {
      finite("truncatedNormal.mean", mean);
      nonNegative("truncatedNormal.sd", sd);
      range("truncatedNormal", min, max);
    }

    @Override
    public double sample(SplittableRandom rng) {
      double u = rng.nextDouble();
      if (sd == 0 || min == max) {
        return Math.min(max, Math.max(min, mean));
      }
      double a = Gaussian.cdf((min - mean) / sd), b = Gaussian.cdf((max - mean) / sd);
      double x = b - a < 1e-300 ? (Math.abs(min - mean) < Math.abs(max - mean) ? min : max)
          : mean + sd * Gaussian.inverseCdf(a + u * (b - a));
      return Math.min(max, Math.max(min, x));
    }

    @Override
    public double lowest() {
      return min;
    }

    @Override
    public double highest() {
      return max;
    }
  }

  /**
   * exp of a uniform on [log(min), log(max)): one {@code nextDouble()} per draw.
   *
   * @param min lower bound, {@code > 0}
   * @param max upper bound, {@code >= min}
   */
  record LogUniform(double min, double max) implements Distribution {
    /** Validates. */
    public LogUniform {
      range("logUniform", min, max);
      if (!(min > 0)) {
        throw new InvalidSettingException("logUniform.min", "a bound > 0", min);
      }
    }

    @Override
    public double sample(SplittableRandom rng) {
      double lo = Math.log(min), hi = Math.log(max);
      return Math.min(max, Math.max(min, Math.exp(lo + (hi - lo) * rng.nextDouble())));
    }

    @Override
    public double lowest() {
      return min;
    }

    @Override
    public double highest() {
      return max;
    }
  }

  private static void finite(String setting, double v) {
    if (!Double.isFinite(v)) {
      throw new InvalidSettingException(setting, "a finite number", v);
    }
  }

  private static void nonNegative(String setting, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new InvalidSettingException(setting, "a finite number >= 0", v);
    }
  }

  private static void range(String name, double min, double max) {
    finite(name + ".min", min);
    finite(name + ".max", max);
    if (min > max) {
      throw new InvalidSettingException(name, "min <= max", "[" + min + ", " + max + "] (inverted range)");
    }
  }
}
