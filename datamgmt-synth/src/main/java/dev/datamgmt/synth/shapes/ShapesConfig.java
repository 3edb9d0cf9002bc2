package dev.datamgmt.synth.shapes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of the {@value #NAME} generator: images of random shapes for detection and instance
 * segmentation. Each sample draws a shape count in [minShapes, maxShapes], and per shape a class from
 * {@link #classes()} (its weights are the class frequencies, so imbalance can be made on purpose), a size (the
 * radius of its circumscribed circle, in pixels) from {@link #size()}, a centre, a rotation and a colour. Later
 * shapes are drawn over earlier ones.
 *
 * <p>Labels are exact, by construction: every shape is rasterized (pixel centre inside the shape, no
 * antialiasing) into an instance map; a shape's mask is what remains visible in the map, its box is the bounds of
 * that mask ({@code x2 = last column + 1}), and a shape hidden entirely is not labelled. The record's label is a
 * {@code BoxesLabel} (class index = position in {@code classes.values}), its {@value #INSTANCES_BLOB} blob an 8-bit
 * grayscale PNG whose pixel value {@code k + 1} marks box {@code k} (0 = background).
 *
 * <pre>{@code
 * ShapesConfig c = ShapesConfig.builder()
 *     .setSize(128, 96)
 *     .optClasses(new WeightedChoice(List.of("circle", "star"), List.of(9.0, 1.0)))
 *     .build();
 * }</pre>
 *
 * @param width image width, 1..4096
 * @param height image height, 1..4096
 * @param minShapes fewest shapes per image, {@code >= 0}
 * @param maxShapes most shapes per image, {@code >= minShapes}, {@code <= 254}
 * @param classes shape classes (each one of {@link #KNOWN_CLASSES}) with their weights
 * @param size shape radius in pixels; its lowest value must be {@code >= 1}
 * @param noise standard deviation of per-pixel Gaussian noise (0..255 scale), {@code >= 0}
 */
public record ShapesConfig(int width, int height, int minShapes, int maxShapes, WeightedChoice classes,
    Distribution size, double noise) implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "shapes";
  /** The name of the instance-map blob. */
  public static final String INSTANCES_BLOB = "instances";
  /** The shape classes this generator can draw. */
  public static final List<String> KNOWN_CLASSES = List.of("circle", "rectangle", "triangle", "star", "ellipse",
      "hexagon");

  /** Validates every setting. @throws InvalidSettingException naming the first bad setting and its value */
  @JsonCreator
  public ShapesConfig(@JsonProperty("width") int width, @JsonProperty("height") int height,
      @JsonProperty("minShapes") int minShapes, @JsonProperty("maxShapes") int maxShapes,
      @JsonProperty("classes") WeightedChoice classes, @JsonProperty("size") Distribution size,
      @JsonProperty("noise") double noise) {
    if (width < 1 || width > 4096) {
      throw new InvalidSettingException("shapes.width", "1..4096", width);
    }
    if (height < 1 || height > 4096) {
      throw new InvalidSettingException("shapes.height", "1..4096", height);
    }
    if (minShapes < 0) {
      throw new InvalidSettingException("shapes.minShapes", ">= 0", minShapes);
    }
    if (maxShapes < minShapes || maxShapes > 254) {
      throw new InvalidSettingException("shapes.maxShapes", "minShapes (" + minShapes + ") <= maxShapes <= 254",
          maxShapes);
    }
    if (classes == null) {
      throw new InvalidSettingException("shapes.classes", "a weighted choice of " + KNOWN_CLASSES, null);
    }
    for (String c : classes.values()) {
      if (!KNOWN_CLASSES.contains(c)) {
        throw new InvalidSettingException("shapes.classes", "names among " + KNOWN_CLASSES, c);
      }
    }
    if (size == null || !(size.lowest() >= 1)) {
      throw new InvalidSettingException("shapes.size", "a distribution with lowest value >= 1 pixel", size);
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new InvalidSettingException("shapes.noise", "a finite number >= 0", noise);
    }
    this.width = width;
    this.height = height;
    this.minShapes = minShapes;
    this.maxShapes = maxShapes;
    this.classes = classes;
    this.size = size;
    this.noise = noise;
  }

  /** Starts a configuration with the defaults: 128x128, 1..6 shapes, every known class equally, size 8..32, noise 8. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Generator newGenerator() {
    return new ShapesGenerator(this);
  }

  /** Builds a {@link ShapesConfig}; every setting has a default. */
  public static final class Builder {
    private int width = 128;
    private int height = 128;
    private int minShapes = 1;
    private int maxShapes = 6;
    private WeightedChoice classes = WeightedChoice.uniform(KNOWN_CLASSES);
    private Distribution size = Distribution.uniform(8, 32);
    private double noise = 8;

    private Builder() {}

    /** Image size in pixels. */
    public Builder setSize(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    /** Shapes per image, uniform in [min, max]. */
    public Builder optShapeCount(int min, int max) {
      this.minShapes = min;
      this.maxShapes = max;
      return this;
    }

    /** Classes and their frequencies. */
    public Builder optClasses(WeightedChoice classes) {
      this.classes = Objects.requireNonNull(classes, "classes");
      return this;
    }

    /** Shape radius distribution, in pixels. */
    public Builder optShapeSize(Distribution size) {
      this.size = Objects.requireNonNull(size, "size");
      return this;
    }

    /** Per-pixel Gaussian noise standard deviation (0 = none). */
    public Builder optNoise(double noise) {
      this.noise = noise;
      return this;
    }

    /** Builds and validates. @throws InvalidSettingException naming the bad setting */
    public ShapesConfig build() {
      return new ShapesConfig(width, height, minShapes, maxShapes, classes, size, noise);
    }
  }
}
