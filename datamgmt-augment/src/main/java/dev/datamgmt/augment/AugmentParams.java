package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import java.util.List;

/**
 * The parameters one sample was augmented with: which sample (seed, epoch, index), the image size they were
 * drawn for, and the steps drawn for it, in order. Record it with {@link #toJson()} and replay it on any backend
 * to get the same output. The steps hold pixel coordinates of that size (a crop window, a flip axis), so both
 * backends refuse to replay them on an image of another size ({@link #checkSize}).
 *
 * @param seed the pipeline seed
 * @param epoch the epoch
 * @param index the sample index
 * @param width the input image width the steps were drawn for; 0 when unknown (non-image samples, hand-made
 *     or older parameters), which disables the size check
 * @param height the input image height the steps were drawn for; 0 when unknown
 * @param steps the drawn steps, in execution order
 */
public record AugmentParams(
    long seed,
    long epoch,
    long index,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int width,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int height,
    List<Step> steps) {
  /** Copies the steps; checks the size. */
  public AugmentParams {
    if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
      throw new IllegalArgumentException(
          "params image size must be both positive or both 0 (unknown): " + width + "x" + height);
    }
    steps = List.copyOf(steps);
  }

  /** Parameters without a recorded image size (non-image samples). */
  public AugmentParams(long seed, long epoch, long index, List<Step> steps) {
    this(seed, epoch, index, 0, 0, steps);
  }

  @JsonCreator
  static AugmentParams fromJsonFields(
      @JsonProperty(value = "seed", required = true) long seed,
      @JsonProperty(value = "epoch", required = true) long epoch,
      @JsonProperty(value = "index", required = true) long index,
      @JsonProperty("width") Integer width,
      @JsonProperty("height") Integer height,
      @JsonProperty(value = "steps", required = true) List<Step> steps) {
    return new AugmentParams(seed, epoch, index, width == null ? 0 : width, height == null ? 0 : height, steps);
  }

  /** Replayable parameters for a hand-picked list of steps (e.g. in tests or tools); no size check. */
  public static AugmentParams of(Step... steps) {
    return new AugmentParams(0, 0, 0, List.of(steps));
  }

  /**
   * Checks that these parameters were drawn for a {@code width x height} image (always passes when the size is
   * unknown).
   *
   * @param where the sample, for the message
   * @throws InvalidDataException if they were drawn for another size
   */
  public void checkSize(String where, int width, int height) throws InvalidDataException {
    if (this.width != 0 && (this.width != width || this.height != height)) {
      throw new InvalidDataException("augment parameters replayed on an image of another size", where,
          this.width + "x" + this.height + " (the size sample " + index + " of epoch " + epoch + " was drawn for)",
          width + "x" + height);
    }
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
