package dev.datamgmt.augment;

import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import java.util.List;

/**
 * The parameters one sample was augmented with: which sample (seed, epoch, index) and the steps drawn for
 * it, in order. Record it with {@link #toJson()} and replay it on any backend to get the same output.
 *
 * @param seed the pipeline seed
 * @param epoch the epoch
 * @param index the sample index
 * @param steps the drawn steps, in execution order
 */
public record AugmentParams(long seed, long epoch, long index, List<Step> steps) {
  /** Copies the steps. */
  public AugmentParams {
    steps = List.copyOf(steps);
  }

  /** Replayable parameters for a hand-picked list of steps (e.g. in tests or tools). */
  public static AugmentParams of(Step... steps) {
    return new AugmentParams(0, 0, 0, List.of(steps));
  }

  /** Deterministic JSON for this record. */
  public String toJson() {
    return Json.write(this);
  }

  /**
   * Reads parameters written by {@link #toJson()}.
   *
   * @throws UnsupportedFormatException if the text is not such JSON
   */
  public static AugmentParams fromJson(String json) throws UnsupportedFormatException {
    return Json.read(json, AugmentParams.class, "augment params");
  }
}
