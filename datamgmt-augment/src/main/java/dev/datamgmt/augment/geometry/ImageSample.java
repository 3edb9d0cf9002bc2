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

  private ImageSample(
      String id, Raster image, List<Box> boxes, BoxFormat boxFormat, List<Keypoint> keypoints,
      SegmentationMask mask, float[] label) {
    this(id, image, boxes, boxFormat, keypoints, mask, label, null);
  }

  private ImageSample(
      String id, Raster image, List<Box> boxes, BoxFormat boxFormat, List<Keypoint> keypoints,
      SegmentationMask mask, float[] label, int[] flipIndex) {
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
    return new ImageSample(id, newImage, boxes, boxFormat, keypoints, mask, label, flipIndex);
  }

  /** A copy with these boxes in this format. */
  public ImageSample withBoxes(List<Box> newBoxes, BoxFormat format) {
    return new ImageSample(id, image, newBoxes, format, keypoints, mask, label, flipIndex);
  }

  /** A copy with these keypoints. */
  public ImageSample withKeypoints(List<Keypoint> newKeypoints) {
    return new ImageSample(id, image, boxes, boxFormat, newKeypoints, mask, label, flipIndex);
  }

  /** A copy with this mask, or none if {@code null}. */
  public ImageSample withMask(SegmentationMask newMask) {
    return new ImageSample(id, image, boxes, boxFormat, keypoints, newMask, label, flipIndex);
  }

  /** A copy with this soft label vector (copied), or none if {@code null}. */
  public ImageSample withLabel(float[] newLabel) {
    return new ImageSample(
        id, image, boxes, boxFormat, keypoints, mask, newLabel == null ? null : newLabel.clone(), flipIndex);
  }

  /**
   * A copy that knows which keypoints mirror each other (COCO's {@code flip_index}): {@code flipIndex[i]} is the
   * keypoint that keypoint {@code i} becomes under a mirror image (left wrist for right wrist). When the
   * geometric steps mirror the image (an odd number of orientation-reversing warps) the keypoints are permuted
   * so that each index keeps its meaning. {@code null} for none.
   */
  public ImageSample withKeypointFlipIndex(int[] newFlipIndex) {
    return new ImageSample(id, image, boxes, boxFormat, keypoints, mask, label,
        newFlipIndex == null ? null : newFlipIndex.clone());
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
    if (label != null) {
      for (float v : label) {
        if (!Float.isFinite(v)) {
          throw new InvalidDataException("non-finite label", where, "finite label values", String.valueOf(v));
        }
      }
    }
  }
}
