package dev.datamgmt.augment.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * An image as a planar (CHW) pixel buffer, either uint8 ({@code 0..255}) or float ({@code [0, 1]} nominal,
 * unbounded after normalization). Grayscale has 1 channel, RGB 3.
 *
 * <p>Named {@code Raster} so that it does not clash with DJL's {@code ai.djl.modality.cv.Image} in a user's
 * imports; {@code dev.datamgmt.augment.djl.DjlConverters} converts between the two and to and from {@code NDArray}.
 *
 * <p>Factories copy their input; {@link #wrapUint8} and {@link #wrapFloat} take ownership of the array
 * without copying (for hot loops), after which the caller must not modify it. Accessors that return the
 * backing array say so; treat it as read-only.
 */
public final class Raster {
  /** The pixel representation. */
  public enum PixelType {
    /** Unsigned bytes, 0..255. */
    UINT8,
    /** 32-bit floats, [0, 1] before normalization. */
    FLOAT32
  }

  private final int channels;
  private final int height;
  private final int width;
  private final byte[] u8;
  private final float[] f32;

  private Raster(int channels, int height, int width, byte[] u8, float[] f32) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("image channels must be 1 (grayscale) or 3 (RGB): " + channels);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    long n = (long) channels * height * width;
    int len = u8 != null ? u8.length : f32.length;
    if (len != n) {
      throw new IllegalArgumentException(
          "image buffer length must be channels*height*width = " + n + ": " + len);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.u8 = u8;
    this.f32 = f32;
  }

  /** A uint8 image from a CHW array (copied). */
  public static Raster ofUint8(int channels, int height, int width, byte[] chw) {
    return new Raster(channels, height, width, Objects.requireNonNull(chw, "chw").clone(), null);
  }

  /** A float image from a CHW array (copied). */
  public static Raster ofFloat(int channels, int height, int width, float[] chw) {
    return new Raster(channels, height, width, null, Objects.requireNonNull(chw, "chw").clone());
  }

  /** A uint8 image that takes ownership of {@code chw} without copying. */
  public static Raster wrapUint8(int channels, int height, int width, byte[] chw) {
    return new Raster(channels, height, width, Objects.requireNonNull(chw, "chw"), null);
  }

  /** A float image that takes ownership of {@code chw} without copying. */
  public static Raster wrapFloat(int channels, int height, int width, float[] chw) {
    return new Raster(channels, height, width, null, Objects.requireNonNull(chw, "chw"));
  }

  /** A uint8 image from interleaved HWC bytes (e.g. RGBRGB...). */
  public static Raster ofUint8Hwc(int channels, int height, int width, byte[] hwc) {
    byte[] chw = new byte[hwc.length];
    int plane = height * width;
    if (hwc.length != channels * plane) {
      throw new IllegalArgumentException(
          "image buffer length must be channels*height*width = " + (channels * plane) + ": " + hwc.length);
    }
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        chw[c * plane + i] = hwc[i * channels + c];
      }
    }
    return new Raster(channels, height, width, chw, null);
  }

  /** A uint8 RGB (or grayscale, for gray inputs) image from a {@link BufferedImage}. */
  public static Raster fromBufferedImage(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight(), plane = w * h;
    if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      return new Raster(1, h, w, data.clone(), null);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] chw = new byte[3 * plane];
    for (int i = 0; i < plane; i++) {
      chw[i] = (byte) (argb[i] >> 16);
      chw[plane + i] = (byte) (argb[i] >> 8);
      chw[2 * plane + i] = (byte) argb[i];
    }
    return new Raster(3, h, w, chw, null);
  }

  /** An 8-bit {@link BufferedImage} (RGB or gray); float values are clamped to [0, 1] and scaled. */
  public BufferedImage toBufferedImage() {
    int plane = width * height;
    BufferedImage out =
        new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    if (channels == 1) {
      byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < plane; i++) {
        data[i] = (byte) byteAt(i);
      }
    } else {
      int[] rgb = new int[plane];
      for (int i = 0; i < plane; i++) {
        rgb[i] = (byteAt(i) << 16) | (byteAt(plane + i) << 8) | byteAt(2 * plane + i);
      }
      out.setRGB(0, 0, width, height, rgb, 0, width);
    }
    return out;
  }

  private int byteAt(int i) {
    if (u8 != null) {
      return u8[i] & 0xFF;
    }
    return toByte(f32[i]);
  }

  /** Rounds a [0, 1] value to 0..255, clamping. */
  public static int toByte(float v) {
    float s = v * 255f;
    if (!(s > 0)) {
      return 0;
    }
    return s >= 255f ? 255 : (int) (s + 0.5f);
  }

  /** Number of channels, 1 or 3. */
  public int channels() {
    return channels;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** The pixel type. */
  public PixelType pixelType() {
    return u8 != null ? PixelType.UINT8 : PixelType.FLOAT32;
  }

  /** The value at {@code (c, y, x)} on the [0, 1] scale (uint8 divided by 255). */
  public float get(int c, int y, int x) {
    int i = (c * height + y) * width + x;
    return u8 != null ? (u8[i] & 0xFF) / 255f : f32[i];
  }

  /** The backing uint8 array (do not modify), or {@code null} for float images. */
  public byte[] uint8Array() {
    return u8;
  }

  /** The backing float array (do not modify), or {@code null} for uint8 images. */
  public float[] floatArray() {
    return f32;
  }

  /** A new CHW float array on the [0, 1] scale (uint8 divided by 255). */
  public float[] toFloatChw() {
    if (f32 != null) {
      return f32.clone();
    }
    float[] out = new float[u8.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (u8[i] & 0xFF) * (1f / 255f);
    }
    return out;
  }

  /** This image as float (a copy). */
  public Raster toFloat() {
    return new Raster(channels, height, width, null, toFloatChw());
  }

  @Override
  public String toString() {
    return "Raster[" + channels + "x" + height + "x" + width + " " + pixelType() + "]";
  }
}
