package dev.datamgmt.augment.djl;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Conversions between this library's {@link Raster} / {@link SegmentationMask} and DJL's {@link NDArray} and
 * {@link Image}. Arrays are CHW (images), {@code (N, C, H, W)} (batches) and {@code (H, W)} (masks), the layouts
 * both backends use; a uint8 raster becomes a uint8 array and back, a float raster float32 on the {@code [0, 1]}
 * scale.
 *
 * <pre>{@code
 * Raster r = DjlConverters.toRaster(ImageFactory.getInstance().fromFile(path));
 * NDArray batch = DjlConverters.toBatch(manager, List.of(r1, r2));   // (2, 3, H, W) float32 for DeviceAugmenter
 * }</pre>
 */
public final class DjlConverters {
  private DjlConverters() {}

  /** A CHW array on {@code manager}: uint8 for a uint8 raster, float32 for a float one. */
  public static NDArray toNDArray(NDManager manager, Raster raster) {
    Shape shape = new Shape(raster.channels(), raster.height(), raster.width());
    if (raster.pixelType() == Raster.PixelType.UINT8) {
      return manager.create(java.nio.ByteBuffer.wrap(raster.uint8Array()), shape, DataType.UINT8);
    }
    return manager.create(raster.floatArray(), shape);
  }

  /**
   * A raster from a CHW array (C = 1 or 3), uint8 or float32 (on the {@code [0, 1]} scale).
   *
   * @throws InvalidDataException if the array has another rank, channel count or type
   */
  public static Raster toRaster(NDArray chw) throws InvalidDataException {
    Shape s = chw.getShape();
    if (s.dimension() != 3 || (s.get(0) != 1 && s.get(0) != 3) || s.get(1) <= 0 || s.get(2) <= 0) {
      throw new InvalidDataException("array is not an image", "NDArray", "(C, H, W) with C = 1 or 3", s.toString());
    }
    int c = (int) s.get(0), h = (int) s.get(1), w = (int) s.get(2);
    if (chw.getDataType() == DataType.UINT8) {
      return Raster.wrapUint8(c, h, w, chw.toByteArray());
    }
    if (chw.getDataType() == DataType.FLOAT32) {
      return Raster.wrapFloat(c, h, w, chw.toFloatArray());
    }
    throw new InvalidDataException("array has the wrong type", "NDArray", "uint8 or float32",
        chw.getDataType().toString());
  }

  /** An {@code (N, C, H, W)} float32 batch ({@code [0, 1]} scale) of same-shaped rasters, for the device backend. */
  public static NDArray toBatch(NDManager manager, List<Raster> rasters) {
    if (rasters.isEmpty()) {
      throw new IllegalArgumentException("rasters must not be empty");
    }
    Raster first = rasters.get(0);
    int per = first.channels() * first.height() * first.width();
    float[] all = new float[rasters.size() * per];
    for (int i = 0; i < rasters.size(); i++) {
      Raster r = rasters.get(i);
      if (r.channels() != first.channels() || r.height() != first.height() || r.width() != first.width()) {
        throw new IllegalArgumentException("rasters must have one shape: raster 0 is " + first + ", raster " + i
            + " is " + r);
      }
      System.arraycopy(r.toFloatChw(), 0, all, i * per, per);
    }
    return manager.create(all, new Shape(rasters.size(), first.channels(), first.height(), first.width()));
  }

  /**
   * The rasters of an {@code (N, C, H, W)} batch (uint8 or float32), one per sample.
   *
   * @throws InvalidDataException if the array is not such a batch
   */
  public static List<Raster> toRasters(NDArray nchw) throws InvalidDataException {
    Shape s = nchw.getShape();
    if (s.dimension() != 4) {
      throw new InvalidDataException("array is not an image batch", "NDArray", "(N, C, H, W)", s.toString());
    }
    List<Raster> out = new ArrayList<>((int) s.get(0));
    for (int i = 0; i < s.get(0); i++) {
      try (NDArray one = nchw.get(i)) {
        out.add(toRaster(one));
      }
    }
    return out;
  }

  /** An {@code (H, W)} int32 array of the mask's class ids. */
  public static NDArray toNDArray(NDManager manager, SegmentationMask mask) {
    return manager.create(mask.toArray(), new Shape(mask.height(), mask.width()));
  }

  /**
   * A mask from an {@code (H, W)} integer array (int8, uint8, int32 or int64).
   *
   * @throws InvalidDataException if the array has another rank or a non-integer type
   */
  public static SegmentationMask toMask(NDArray hw) throws InvalidDataException {
    Shape s = hw.getShape();
    if (s.dimension() != 2) {
      throw new InvalidDataException("array is not a mask", "NDArray", "(H, W)", s.toString());
    }
    DataType t = hw.getDataType();
    if (t != DataType.INT8 && t != DataType.UINT8 && t != DataType.INT32 && t != DataType.INT64) {
      throw new InvalidDataException("mask has the wrong type", "NDArray", "int8, uint8, int32 or int64 class ids",
          t.toString());
    }
    int[] classes = t == DataType.INT32 ? hw.toIntArray() : hw.toType(DataType.INT32, false).toIntArray();
    return SegmentationMask.of((int) s.get(1), (int) s.get(0), classes);
  }

  /**
   * A DJL image of the raster (8 bits per channel; float values are clamped to {@code [0, 1]} and scaled), made by
   * DJL's current {@link ImageFactory}.
   */
  public static Image toDjlImage(Raster raster) {
    return ImageFactory.getInstance().fromImage(raster.toBufferedImage());
  }

  /**
   * A uint8 raster of a DJL image: RGB, or grayscale when the image wraps a grayscale {@link BufferedImage}.
   * Images of other factories are read through {@link Image#toNDArray(NDManager)} (HWC) on a temporary manager.
   *
   * @throws InvalidDataException if the image's pixels cannot be read as 1 or 3 channels
   */
  public static Raster toRaster(Image image) throws InvalidDataException {
    Objects.requireNonNull(image, "image");
    if (image.getWrappedImage() instanceof BufferedImage bi) {
      return Raster.fromBufferedImage(bi);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      return toRaster(image.toNDArray(m).transpose(2, 0, 1).toType(DataType.UINT8, false));
    }
  }
}
