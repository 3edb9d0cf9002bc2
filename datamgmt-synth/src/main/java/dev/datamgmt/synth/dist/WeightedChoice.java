package dev.datamgmt.synth.dist;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.InvalidSettingException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A choice among named values with weights, as data ({@code {"values":["circle","star"],"weights":[3,1]}}):
 * class frequencies, fonts, backgrounds. One {@code nextDouble()} per draw; value {@code k} is drawn with
 * probability {@code weights[k] / sum(weights)}. A weight of 0 makes a value impossible, which is how imbalance is
 * synthesized on purpose.
 *
 * @param values the values, distinct and non-empty
 * @param weights one finite weight {@code >= 0} per value, not all 0
 */
public record WeightedChoice(List<String> values, List<Double> weights) {

  /** Validates and copies. */
  @JsonCreator
  public WeightedChoice(@JsonProperty("values") List<String> values, @JsonProperty("weights") List<Double> weights) {
    if (values == null || values.isEmpty()) {
      throw new InvalidSettingException("weightedChoice.values", "at least one value", values);
    }
    if (values.stream().anyMatch(Objects::isNull) || new HashSet<>(values).size() != values.size()) {
      throw new InvalidSettingException("weightedChoice.values", "distinct non-null values", values);
    }
    if (weights == null || weights.size() != values.size()) {
      throw new InvalidSettingException("weightedChoice.weights", "one weight per value (" + values.size() + ")",
          weights);
    }
    double sum = 0;
    for (Double w : weights) {
      if (w == null || !(w >= 0) || !Double.isFinite(w)) {
        throw new InvalidSettingException("weightedChoice.weights", "finite weights >= 0", weights);
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new InvalidSettingException("weightedChoice.weights", "a positive sum", weights);
    }
    this.values = List.copyOf(values);
    this.weights = List.copyOf(weights);
  }

  /** Every value with weight 1. */
  public static WeightedChoice uniform(List<String> values) {
    return new WeightedChoice(values, values == null ? null : values.stream().map(v -> 1.0).toList());
  }

  /** The position of the drawn value (one {@code nextDouble()}). */
  public int sampleIndex(SplittableRandom rng) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    int last = 0;
    for (int k = 0; k < weights.size(); k++) {
      double w = weights.get(k);
      if (w > 0) {
        last = k;
        if (u < w) {
          return k;
        }
        u -= w;
      }
    }
    return last; // rounding at the top end
  }

  /** The drawn value (one {@code nextDouble()}). */
  public String sample(SplittableRandom rng) {
    return values.get(sampleIndex(rng));
  }

  /** The probability of value {@code k}. */
  public double probability(int k) {
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    return weights.get(k) / total;
  }
}
