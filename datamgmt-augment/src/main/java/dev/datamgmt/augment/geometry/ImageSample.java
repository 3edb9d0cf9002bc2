package dev.datamgmt.augment.geometry;

import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.List;
import java.util.Objects;

/**
 * One image with the targets that move with it: boxes, keypoints, a segmentation mask and a soft label
 * vector (what mixup and cutmix mix). Immutable; the {@code with*} methods return copies.
 *
 * <pre>{@code
 * ImageSample s = ImageSample.of("img-17", image)
 *     .withBoxes(List.of(new Box(10, 10, 50, 40, 2)), BoxFormat.PIXEL_XYXY)
 *     .withKeypoints(List.of(new Keypoint(30, 25, Keypoint.VISIBLE)));
 * }</pre>
 */
public final class ImageSample {
  private final String id;
  private final Raster image;
  private final List<Box> boxes;
  private final BoxFormat boxFormat;
  private final List<Keypoint> keypoints;
  private final SegmentationMask mask;
  private final float[] label;
  private final int[] flipIndex;
  private final List<SegmentationMask> instanceMasks;

  private ImageSample(
      String id, Raster image, List<Box> boxes, BoxFormat boxFormat, List<Keypoint> keypoints,
      SegmentationMask mask, float[] label) {
    this(id, image, boxes, boxFormat, keypoints, mask, label, null, List.of());
  }

  private ImageSample(
      String id, Raster image, List<Box> boxes, BoxFormat boxFormat, List<Keypoint> keypoints,
      SegmentationMask mask, float[] label, int[] flipIndex, List<SegmentationMask> instanceMasks) {
    this.instanceMasks = List.copyOf(instanceMasks);
    this.id = Objects.requireNonNull(id, "id");
    this.image = Objects.requireNonNull(image, "image");
    this.boxes = List.copyOf(boxes);
    this.boxFormat = Objects.requireNonNull(boxFormat, "boxFormat");
    this.keypoints = List.copyOf(keypoints);
    this.mask = mask;
    this.label = label;
    this.flipIndex = flipIndex;
  }

  /** A sample with an image only. {@code id} names it in error messages (e.g. the record id). */
  public static ImageSample of(String id, Raster image) {
    return new ImageSample(id, image, List.of(), BoxFormat.PIXEL_XYXY, List.of(), null, null);
  }

  /** A copy with another image (targets unchanged). */
  public ImageSample withImage(Raster newImage) {
    return new ImageSample(id, newImage, boxes, boxFormat, keypoints, mask, label, flipIndex, instanceMasks);
  }

  /** A copy with these boxes in this format. */
  public ImageSample withBoxes(List<Box> newBoxes, BoxFormat format) {
    return new ImageSample(id, image, newBoxes, format, keypoints, mask, label, flipIndex, instanceMasks);
  }

  /**
   * A copy with boxes given in one of the detection libraries' conventions ({@link BoxEncoding}); they are
   * stored as {@link BoxFormat#PIXEL_XYXY}. Boxes outside the image are rejected later by {@link #validate()}.
   *
   * @param coords four numbers per box in {@code encoding}
   * @param classes one class index per box
   * @throws IllegalArgumentException if the lists differ in length or a box is malformed (naming its index)
   */
  public ImageSample withEncodedBoxes(List<double[]> coords, List<Integer> classes, BoxEncoding encoding) {
    if (coords.size() != classes.size()) {
      throw new IllegalArgumentException("sample " + id + ": one class per box expected: " + coords.size()
          + " boxes, " + classes.size() + " classes");
    }
    java.util.ArrayList<Box> out = new java.util.ArrayList<>(coords.size());
    for (int i = 0; i < coords.size(); i++) {
      try {
        out.add(encoding.decode(coords.get(i), classes.get(i), image.width(), image.height()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sample " + id + " box " + i + ": " + e.getMessage(), e);
      }
    }
    return withBoxes(out, BoxFormat.PIXEL_XYXY);
  }

  /** The boxes in pixel xyxy coordinates of this image, whatever their {@link #boxFormat()}. */
  public List<Box> pixelBoxes() {
    return toPixel(boxes, boxFormat, image.width(), image.height());
  }

  /** {@code boxes} in {@code format} as pixel xyxy boxes of a {@code width x height} image. */
  public static List<Box> toPixel(List<Box> boxes, BoxFormat format, int width, int height) {
    if (format == BoxFormat.PIXEL_XYXY) {
      return boxes;
    }
    java.util.ArrayList<Box> out = new java.util.ArrayList<>(boxes.size());
    for (Box b : boxes) {
      out.add(new Box(b.x1() * width, b.y1() * height, b.x2() * width, b.y2() * height, b.classIndex()));
    }
    return out;
  }

  /** The boxes as four numbers each in {@code encoding} (in the order of {@link #boxes()}). */
  public List<double[]> boxesAs(BoxEncoding encoding) {
    java.util.ArrayList<double[]> out = new java.util.ArrayList<>(boxes.size());
    for (Box b : boxes) {
      out.add(encoding.encode(b, boxFormat, image.width(), image.height()));
    }
    return out;
  }

  /** A copy with these keypoints. */
  public ImageSample withKeypoints(List<Keypoint> newKeypoints) {
    return new ImageSample(id, image, boxes, boxFormat, newKeypoints, mask, label, flipIndex, instanceMasks);
  }

  /** A copy with this mask, or none if {@code null}. */
  public ImageSample withMask(SegmentationMask newMask) {
    return new ImageSample(id, image, boxes, boxFormat, keypoints, newMask, label, flipIndex, instanceMasks);
  }

  /** A copy with this soft label vector (copied), or none if {@code null}. */
  public ImageSample withLabel(float[] newLabel) {
    return new ImageSample(
        id, image, boxes, boxFormat, keypoints, mask, newLabel == null ? null : newLabel.clone(), flipIndex,
        instanceMasks);
  }

  /**
   * A copy that knows which keypoints mirror each other (COCO's {@code flip_index}): {@code flipIndex[i]} is the
   * keypoint that keypoint {@code i} becomes under a mirror image (left wrist for right wrist). When the
   * geometric steps mirror the image (an odd number of orientation-reversing warps) the keypoints are permuted
   * so that each index keeps its meaning. {@code null} for none.
   */
  public ImageSample withKeypointFlipIndex(int[] newFlipIndex) {
    return new ImageSample(id, image, boxes, boxFormat, keypoints, mask, label,
        newFlipIndex == null ? null : newFlipIndex.clone(), instanceMasks);
  }

  /**
   * A copy with one instance mask per box ({@code masks.get(i)} belongs to {@code boxes().get(i)}; each the size
   * of the image, non-zero inside the instance). Geometric operations move them like the segmentation mask
   * (nearest neighbour), and a box the {@link BoxPolicy} drops takes its mask with it. An empty list for none.
   * Set the boxes first: {@link #withBoxes} keeps the masks, so the two lists must agree when the sample is used.
   */
  public ImageSample withInstanceMasks(List<SegmentationMask> masks) {
    return new ImageSample(id, image, boxes, boxFormat, keypoints, mask, label, flipIndex, masks);
  }

  /** The instance masks, one per box, or an empty list. */
  public List<SegmentationMask> instanceMasks() {
    return instanceMasks;
  }

  /** A copy of the keypoint flip index, or {@code null}. */
  public int[] keypointFlipIndex() {
    return flipIndex == null ? null : flipIndex.clone();
  }

  /** The sample's name in error messages. */
  public String id() {
    return id;
  }

  /** The image. */
  public Raster image() {
    return image;
  }

  /** The boxes, in {@link #boxFormat()}. */
  public List<Box> boxes() {
    return boxes;
  }

  /** How {@link #boxes()} are expressed. */
  public BoxFormat boxFormat() {
    return boxFormat;
  }

  /** The keypoints, in pixel coordinates. */
  public List<Keypoint> keypoints() {
    return keypoints;
  }

  /** The mask, or {@code null}. */
  public SegmentationMask mask() {
    return mask;
  }

  /** A copy of the soft label vector, or {@code null}. */
  public float[] label() {
    return label == null ? null : label.clone();
  }

  /**
   * Checks the sample before augmentation: float pixels finite, mask the size of the image, boxes within the
   * image (normalized in {@code [0, 1]}, pixel in {@code [0, width] x [0, height]}).
   *
   * @throws InvalidDataException naming this sample and what was wrong
   */
  public void validate() throws InvalidDataException {
    String where = "sample " + id;
    float[] f = image.floatArray();
    if (f != null) {
      for (int i = 0; i < f.length; i++) {
        if (!Float.isFinite(f[i])) {
          int plane = image.height() * image.width();
          throw new InvalidDataException(
              "non-finite pixel", where, "finite float pixels",
              f[i] + " at channel " + (i / plane) + ", y " + (i % plane / image.width()) + ", x " + (i % image.width()));
        }
      }
    }
    if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
      throw new InvalidDataException(
          "mask size differs from image size", where, "mask " + image.width() + "x" + image.height(),
          "mask " + mask.width() + "x" + mask.height());
    }
    Targets.validate(where, boxes, boxFormat, keypoints, flipIndex, image.width(), image.height());
    if (!instanceMasks.isEmpty() && instanceMasks.size() != boxes.size()) {
      throw new InvalidDataException("instance masks do not match the boxes", where,
          "one instance mask per box (" + boxes.size() + ")", instanceMasks.size() + " instance masks");
    }
    for (int i = 0; i < instanceMasks.size(); i++) {
      SegmentationMask m = instanceMasks.get(i);
      if (m.width() != image.width() || m.height() != image.height()) {
        throw new InvalidDataException("instance mask size differs from image size", where + " instance mask " + i,
            "mask " + image.width() + "x" + image.height(), "mask " + m.width() + "x" + m.height());
      }
    }
    if (label != null) {
      for (float v : label) {
        if (!Float.isFinite(v)) {
          throw new InvalidDataException("non-finite label", where, "finite label values", String.valueOf(v));
        }
      }
    }
  }
}
