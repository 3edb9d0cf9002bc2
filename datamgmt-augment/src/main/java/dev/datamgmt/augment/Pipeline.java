package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.seed.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable augmentation pipeline: a seed and operations applied in order, each with its own probability.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *     .setSeed(42)
 *     .add(ImageOps.horizontalFlip(0.5))
 *     .add(ImageOps.affine(15, 0.1, 0.9, 1.1, 10))
 *     .add(ImageOps.brightness(0.6, 1.4))
 *     .build();
 * AugmentParams params = pipeline.sample(epoch, index, 224, 224);
 * }</pre>
 *
 * <p>The random parameters of sample {@code index} in epoch {@code epoch} come from (seed, epoch, index)
 * alone, so a pipeline gives the same result for a sample whatever the batch size, thread count or backend.
 * {@link #toJson()} and {@link #fromJson(String)} carry it between programs unchanged.
 */
public final class Pipeline {
  /** The version of the pipeline JSON format written by {@link #toJson()}. */
  public static final int FORMAT_VERSION = 1;

  private final long seed;
  private final List<Op> ops;

  private Pipeline(long seed, List<Op> ops) {
    this.seed = seed;
    this.ops = List.copyOf(ops);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The seed all per-sample randomness derives from. */
  public long seed() {
    return seed;
  }

  /** The operations, in order. */
  public List<Op> ops() {
    return ops;
  }

  /** A copy of this pipeline with another seed. */
  public Pipeline withSeed(long newSeed) {
    return new Pipeline(newSeed, ops);
  }

  /**
   * Draws the parameters of one image sample.
   *
   * @param epoch the epoch
   * @param index the sample's index in the dataset (not its position in the batch)
   * @param width the input image width
   * @param height the input image height
   */
  public AugmentParams sample(long epoch, long index, int width, int height) {
    return sample(epoch, index, new SampleContext(width, height, 1));
  }

  /**
   * Draws the parameters of one image sample with its boxes (pixel xyxy), which object-aware crops
   * ({@code randomSizedBBoxSafeCrop}, {@code atLeastOneBBoxRandomCrop}) keep in the frame; other operations draw
   * the same as without them.
   */
  public AugmentParams sample(long epoch, long index, int width, int height, List<dev.datamgmt.core.label.Box> boxes) {
    return sample(epoch, index, new SampleContext(width, height, 1, boxes));
  }

  /** Draws the parameters of one non-image sample (audio, text, table row). */
  public AugmentParams sample(long epoch, long index) {
    return sample(epoch, index, new SampleContext(0, 0, 1));
  }

  /** Draws the parameters of one sample in the given context. */
  public AugmentParams sample(long epoch, long index, SampleContext ctx) {
    SplittableRandom rng = Seeds.random(seed, epoch, index);
    int width = ctx.width(), height = ctx.height();
    List<Step> steps = new ArrayList<>();
    for (Op op : ops) {
      Op.maybeSample(op, ctx, rng, steps);
    }
    return new AugmentParams(seed, epoch, index, width, height, steps);
  }

  /** Deterministic JSON: {@code {"formatVersion":1,"ops":[...],"seed":42}}. */
  public String toJson() {
    return Json.write(new PipelineJson(FORMAT_VERSION, ops, seed));
  }

  /**
   * Reads a pipeline written by {@link #toJson()} or by hand. An operation may omit its optional settings
   * ({@code p} is then 1, {@code fill} 0, {@code interpolation} the operation's default); errors name the
   * operation, its place and the setting: {@code pipeline JSON ops[1] (rotate): unknown setting ... found
   * "maxDegree" (did you mean maxDegrees?)}.
   *
   * @throws UnsupportedFormatException if the text is not pipeline JSON of a known version or an operation's
   *     settings are invalid
   */
  public static Pipeline fromJson(String json) throws UnsupportedFormatException {
    return OpJsonReader.readPipeline(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline other && seed == other.seed && ops.equals(other.ops);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seed, ops);
  }

  @Override
  public String toString() {
    return "Pipeline" + toJson();
  }

  record PipelineJson(int formatVersion, List<Op> ops, long seed) {
    @JsonCreator
    PipelineJson(
        @JsonProperty(value = "formatVersion", required = true) int formatVersion,
        @JsonProperty("ops") List<Op> ops,
        @JsonProperty(value = "seed", required = true) long seed) {
      this.formatVersion = formatVersion;
      this.ops = ops;
      this.seed = seed;
    }
  }

  /** Builds a {@link Pipeline}: {@code setSeed} is required, {@code add} accumulates operations. */
  public static final class Builder {
    private Long seed;
    private final List<Op> ops = new ArrayList<>();

    private Builder() {}

    /** The seed all per-sample randomness derives from (required). */
    public Builder setSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Appends an operation. */
    public Builder add(Op op) {
      ops.add(Objects.requireNonNull(op, "op"));
      return this;
    }

    /** Appends operations in order. */
    public Builder addAll(List<? extends Op> more) {
      for (Op op : more) {
        add(op);
      }
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalStateException if the seed was not set
     */
    public Pipeline build() {
      if (seed == null) {
        throw new IllegalStateException("pipeline seed was not set: call setSeed(long)");
      }
      return new Pipeline(seed, ops);
    }
  }
}
