package dev.datamgmt.augment;

import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.Targets;
import dev.datamgmt.core.label.Box;
import java.util.List;

/**
 * The shape of a sample while its parameters are drawn. Geometric operations read the current image size
 * (e.g. to turn a translation fraction into pixels) and update it when they change it (crops, resizes).
 * Non-image samples use a context with size 0x0.
 */
public final class SampleContext {
  private int width;
  private int height;
  private final int batchSize;
  private final int inputWidth;
  private final int inputHeight;
  private final List<Box> inputBoxes;

  /**
   * Creates a context.
   *
   * @param width current image width in pixels, 0 for non-image samples
   * @param height current image height in pixels, 0 for non-image samples
   * @param batchSize the size of the batch the sample is in, for batch-level operations (mixup); 1 if unknown
   */
  public SampleContext(int width, int height, int batchSize) {
    this(width, height, batchSize, List.of());
  }

  /**
   * A context that also knows the sample's boxes, for operations that place crops around objects
   * ({@code ImageOps.randomSizedBBoxSafeCrop}); their drawn windows then depend on the boxes too.
   *
   * @param boxes the input boxes in pixel xyxy coordinates of the {@code width x height} input
   */
  public SampleContext(int width, int height, int batchSize, List<Box> boxes) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("image size must be >= 0: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.batchSize = Math.max(1, batchSize);
    this.inputWidth = width;
    this.inputHeight = height;
    this.inputBoxes = List.copyOf(boxes);
  }

  /**
   * The sample's boxes as the steps drawn so far leave them (pixel xyxy in the current image), none dropped or
   * clipped: what an object-aware crop must keep. Empty when the context was made without boxes.
   *
   * @param stepsSoFar the steps already drawn for this sample, in order
   */
  public List<Box> currentBoxes(List<Step> stepsSoFar) {
    if (inputBoxes.isEmpty()) {
      return inputBoxes;
    }
    return Targets.boxes(inputBoxes, BoxFormat.PIXEL_XYXY, inputWidth, inputHeight, stepsSoFar,
        new BoxPolicy(false, 0));
  }

  /** Current image width in pixels. */
  public int width() {
    return width;
  }

  /** Current image height in pixels. */
  public int height() {
    return height;
  }

  /** The size of the batch the sample is in (1 when unknown). */
  public int batchSize() {
    return batchSize;
  }

  /** Records that a step changed the image size. */
  public void resize(int newWidth, int newHeight) {
    if (newWidth <= 0 || newHeight <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + newWidth + "x" + newHeight);
    }
    this.width = newWidth;
    this.height = newHeight;
  }

  /** Throws unless the context describes an image; names the operation that needs one. */
  public void requireImage(String op) {
    if (width <= 0 || height <= 0) {
      throw new IllegalStateException(op + " needs an image size, but the sample has size " + width + "x" + height);
    }
  }
}
