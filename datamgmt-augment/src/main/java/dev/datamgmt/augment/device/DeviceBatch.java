package dev.datamgmt.augment.device;

import ai.djl.ndarray.NDArray;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A batch of images with the targets that move with them, for {@link DeviceAugmenter}: images
 * {@code (N, C, H, W)} and optionally soft labels {@code (N, K)} and segmentation masks {@code (N, H, W)} (integer
 * class ids, or float32 holding integers) on the device, and per-sample boxes and keypoints on the host (they are
 * a few numbers per sample; the geometry code that moves them is the CPU backend's, so both backends agree
 * exactly). Immutable; the lists are copied.
 *
 * <pre>{@code
 * DeviceBatch in = DeviceBatch.builder().setImages(images).optMasks(masks)
 *     .optBoxes(boxesPerSample, BoxFormat.PIXEL_XYXY).optKeypoints(keypointsPerSample).build();
 * DeviceBatch out = DeviceAugmenter.of(pipeline).apply(in, epoch, indices);
 * }</pre>
 */
public final class DeviceBatch {
  private final NDArray images;
  private final NDArray labels;
  private final NDArray masks;
  private final List<List<Box>> boxes;
  private final BoxFormat boxFormat;
  private final List<List<Keypoint>> keypoints;
  private final int[] flipIndex;
  private final List<List<SegmentationMask>> instanceMasks;

  private DeviceBatch(Builder b) {
    this.instanceMasks = copy(b.instanceMasks);
    this.images = b.images;
    this.labels = b.labels;
    this.masks = b.masks;
    this.boxes = copy(b.boxes);
    this.boxFormat = b.boxFormat;
    this.keypoints = copy(b.keypoints);
    this.flipIndex = b.flipIndex == null ? null : b.flipIndex.clone();
  }

  private static <T> List<List<T>> copy(List<List<T>> in) {
    if (in == null) {
      return null;
    }
    List<List<T>> out = new ArrayList<>(in.size());
    for (List<T> l : in) {
      out.add(List.copyOf(l));
    }
    return List.copyOf(out);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The images {@code (N, C, H, W)}. */
  public NDArray images() {
    return images;
  }

  /** The soft labels {@code (N, K)}, or {@code null}. */
  public NDArray labels() {
    return labels;
  }

  /** The segmentation masks {@code (N, H, W)}, or {@code null}. */
  public NDArray masks() {
    return masks;
  }

  /** The boxes of each sample (one list per sample), or {@code null} if the batch has none. */
  public List<List<Box>> boxes() {
    return boxes;
  }

  /** How {@link #boxes()} are expressed. */
  public BoxFormat boxFormat() {
    return boxFormat;
  }

  /** The keypoints of each sample (one list per sample, pixel coordinates), or {@code null}. */
  public List<List<Keypoint>> keypoints() {
    return keypoints;
  }

  /** A copy of the keypoint flip index shared by the batch (see {@code ImageSample.withKeypointFlipIndex}), or null. */
  public int[] keypointFlipIndex() {
    return flipIndex == null ? null : flipIndex.clone();
  }

  /** The instance masks of each sample (one per box, on the host), or {@code null}. */
  public List<List<SegmentationMask>> instanceMasks() {
    return instanceMasks;
  }

  /** A builder with this batch's settings, to replace some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.images = images;
    b.labels = labels;
    b.masks = masks;
    b.boxes = boxes;
    b.boxFormat = boxFormat;
    b.keypoints = keypoints;
    b.flipIndex = flipIndex;
    b.instanceMasks = instanceMasks;
    return b;
  }

  /** Builds a {@link DeviceBatch}: {@code setImages} required, the targets optional. */
  public static final class Builder {
    private NDArray images;
    private NDArray labels;
    private NDArray masks;
    private List<List<Box>> boxes;
    private BoxFormat boxFormat = BoxFormat.PIXEL_XYXY;
    private List<List<Keypoint>> keypoints;
    private int[] flipIndex;
    private List<List<SegmentationMask>> instanceMasks;

    private Builder() {}

    /** The images {@code (N, C, H, W)}, float32 in [0, 1] or uint8 (required). */
    public Builder setImages(NDArray images) {
      this.images = images;
      return this;
    }

    /** Soft labels {@code (N, K)}; mixup and cutmix mix them. */
    public Builder optLabels(NDArray labels) {
      this.labels = labels;
      return this;
    }

    /** Segmentation masks {@code (N, H, W)}: moved with nearest-neighbour sampling, pixels from outside get 0. */
    public Builder optMasks(NDArray masks) {
      this.masks = masks;
      return this;
    }

    /** One list of boxes per sample, in {@code format}. */
    public Builder optBoxes(List<List<Box>> boxes, BoxFormat format) {
      this.boxes = boxes;
      this.boxFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** One list of keypoints per sample, in pixel coordinates. */
    public Builder optKeypoints(List<List<Keypoint>> keypoints) {
      this.keypoints = keypoints;
      return this;
    }

    /**
     * One list of instance masks per sample, one mask per box of that sample (see
     * {@code ImageSample.withInstanceMasks}). They are a host-side target like boxes: moved by the CPU backend's
     * code with the same per-sample plan, so they equal the CPU backend's, and dropped with their box.
     */
    public Builder optInstanceMasks(List<List<SegmentationMask>> instanceMasks) {
      this.instanceMasks = instanceMasks;
      return this;
    }

    /** Which keypoints swap under a mirror image (COCO's {@code flip_index}), the same for every sample. */
    public Builder optKeypointFlipIndex(int[] flipIndex) {
      this.flipIndex = flipIndex;
      return this;
    }

    /**
     * Builds the batch.
     *
     * @throws IllegalStateException if the images were not set
     * @throws IllegalArgumentException if the per-sample lists do not have one entry per image
     */
    public DeviceBatch build() {
      if (images == null) {
        throw new IllegalStateException("images were not set: call setImages(NDArray)");
      }
      long n = images.getShape().dimension() > 0 ? images.getShape().get(0) : -1;
      if (boxes != null && boxes.size() != n) {
        throw new IllegalArgumentException("boxes must have one list per image: " + boxes.size() + " for " + n);
      }
      if (keypoints != null && keypoints.size() != n) {
        throw new IllegalArgumentException(
            "keypoints must have one list per image: " + keypoints.size() + " for " + n);
      }
      if (instanceMasks != null && (boxes == null || instanceMasks.size() != n)) {
        throw new IllegalArgumentException("instance masks need boxes and one list per image: "
            + instanceMasks.size() + " lists for " + n + " images" + (boxes == null ? ", no boxes" : ""));
      }
      return new DeviceBatch(this);
    }
  }
}
