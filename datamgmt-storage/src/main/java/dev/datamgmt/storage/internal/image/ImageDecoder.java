package dev.datamgmt.storage.internal.image;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.storage.reader.ImageLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;

/**
 * Decodes PNG, JPEG and raw pixel blobs into 8-bit pixels of a fixed size and channel count, without resizing
 * (a size mismatch is an error: resizing is augmentation's job).
 *
 * <p>8-bit, non-interlaced grayscale, gray+alpha, RGB and RGBA PNGs (what datasets are made of) are decoded
 * by a small built-in decoder, several times faster than {@code ImageIO} on small images; every other PNG and
 * all JPEGs go through {@code ImageIO}. Raw blobs ({@code application/octet-stream} or
 * {@code image/x-raw...}) must hold exactly {@code height * width * channels} bytes in HWC order.
 *
 * <p>Stateless and thread-safe; call it from as many decode threads as you like.
 */
public final class ImageDecoder {
  private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;
  /** zlib state is ~40 KB of native memory; allocating and freeing it per image cost more than inflating. */
  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  private ImageDecoder() {}

  /**
   * Decodes {@code data} into {@code target} at {@code offset}: {@code channels} (1 = gray, 3 = RGB) by
   * {@code height} by {@code width} unsigned bytes in {@code layout}. Gray sources are replicated to RGB,
   * color sources converted to gray (ITU-R 601 luma), alpha dropped.
   *
   * @param location names the sample in errors (shard and record id)
   * @throws InvalidDataException if the bytes do not decode or the image has another size
   */
  public static void decode(byte[] data, String mediaType, int channels, int height, int width, ImageLayout layout,
      byte[] target, int offset, String location) throws DataException {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (data == null) {
      throw new InvalidDataException("missing image", location, "an image blob", "none");
    }
    int srcChannels;
    byte[] pixels;
    int w;
    int h;
    String mt = mediaType == null ? "" : mediaType;
    if (mt.startsWith("application/octet-stream") || mt.startsWith("image/x-raw")) {
      if (data.length != height * width * channels) {
        throw new InvalidDataException("raw image has the wrong size", location,
            height * width * channels + " bytes (" + height + "x" + width + "x" + channels + ")", data.length + " bytes");
      }
      pixels = data;
      srcChannels = channels;
      w = width;
      h = height;
    } else {
      Decoded d = isPng(data) ? decodePng(data, location) : null;
      if (d == null) {
        d = decodeImageIo(data, mt, location);
      }
      pixels = d.pixels;
      srcChannels = d.channels;
      w = d.width;
      h = d.height;
    }
    if (w != width || h != height) {
      throw new InvalidDataException("image has the wrong size", location, width + "x" + height + " pixels",
          w + "x" + h + " pixels");
    }
    copy(pixels, srcChannels, channels, h, w, layout, target, offset);
  }

  private static void copy(byte[] src, int sc, int dc, int h, int w, ImageLayout layout, byte[] dst, int off) {
    int hw = h * w;
    if (sc == dc && (dc == 1 || layout == ImageLayout.HWC)) {
      System.arraycopy(src, 0, dst, off, hw * dc);
      return;
    }
    if (sc < 3 && dc == 3 && layout == ImageLayout.CHW) {
      // gray (or gray+alpha) to RGB planes: the gray plane three times
      byte[] gray = src;
      if (sc == 2) {
        gray = new byte[hw];
        for (int p = 0; p < hw; p++) {
          gray[p] = src[2 * p];
        }
      }
      System.arraycopy(gray, 0, dst, off, hw);
      System.arraycopy(gray, 0, dst, off + hw, hw);
      System.arraycopy(gray, 0, dst, off + 2 * hw, hw);
      return;
    }
    for (int p = 0; p < hw; p++) {
      int s = p * sc;
      if (dc == 1) {
        int v = sc < 3 ? src[s] & 0xff
            : ((src[s] & 0xff) * 299 + (src[s + 1] & 0xff) * 587 + (src[s + 2] & 0xff) * 114 + 500) / 1000;
        dst[off + p] = (byte) v;
      } else {
        for (int c = 0; c < 3; c++) {
          byte v = sc < 3 ? src[s] : src[s + c];
          if (layout == ImageLayout.HWC) {
            dst[off + p * 3 + c] = v;
          } else {
            dst[off + c * hw + p] = v;
          }
        }
      }
    }
  }

  private static boolean isPng(byte[] d) {
    if (d.length < 8) {
      return false;
    }
    long sig = 0;
    for (int i = 0; i < 8; i++) {
      sig = (sig << 8) | (d[i] & 0xff);
    }
    return sig == PNG_SIGNATURE;
  }

  private record Decoded(byte[] pixels, int channels, int width, int height) {}

  /** The fast path; null if the PNG uses a feature it leaves to ImageIO. */
  private static Decoded decodePng(byte[] d, String location) throws DataException {
    int pos = 8;
    int width = -1;
    int height = -1;
    int channels = 0;
    Inflater inf = null;
    byte[] raw = null;
    int rawLen = 0;
    boolean ended = false;
    try {
      while (pos + 8 <= d.length) {
        int len = readInt(d, pos);
        int type = readInt(d, pos + 4);
        int data = pos + 8;
        if (len < 0 || data + len + 4 > d.length) {
          throw new InvalidDataException("undecodable image", location, "a complete PNG chunk",
              "a chunk running past the end of the data");
        }
        if (type == 0x49484452) { // IHDR
          width = readInt(d, data);
          height = readInt(d, data + 4);
          int depth = d[data + 8] & 0xff;
          int color = d[data + 9] & 0xff;
          int interlace = d[data + 12] & 0xff;
          channels = switch (color) {
            case 0 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> 0;
          };
          if (depth != 8 || channels == 0 || interlace != 0 || width <= 0 || height <= 0
              || (long) width * height * channels > (1L << 28)) {
            return null;
          }
          raw = new byte[height * (1 + width * channels)];
          inf = INFLATER.get();
          inf.reset();
        } else if (type == 0x49444154) { // IDAT
          if (inf == null) {
            throw new InvalidDataException("undecodable image", location, "IHDR before IDAT", "IDAT first");
          }
          inf.setInput(d, data, len);
          while (!inf.needsInput() && rawLen < raw.length) {
            int n = inf.inflate(raw, rawLen, raw.length - rawLen);
            if (n == 0 && (inf.finished() || inf.needsDictionary())) {
              break;
            }
            rawLen += n;
          }
        } else if (type == 0x49454E44) { // IEND
          ended = true;
          break;
        }
        pos = data + len + 4;
      }
    } catch (DataFormatException e) {
      throw new InvalidDataException("undecodable image", location, "PNG image data", "bad zlib stream: "
          + e.getMessage(), e);
    } finally {
      if (inf != null) {
        inf.reset();
      }
    }
    if (raw == null || rawLen != raw.length || !ended) {
      throw new InvalidDataException("undecodable image", location, "a complete PNG",
          raw == null ? "no IHDR chunk" : rawLen + " of " + raw.length + " pixel bytes" + (ended ? "" : ", no IEND"));
    }
    return new Decoded(unfilter(raw, width, height, channels, location), channels, width, height);
  }

  private static byte[] unfilter(byte[] raw, int w, int h, int bpp, String location) throws DataException {
    int stride = w * bpp;
    byte[] out = new byte[h * stride];
    for (int y = 0; y < h; y++) {
      int f = raw[y * (stride + 1)] & 0xff;
      int in = y * (stride + 1) + 1;
      int o = y * stride;
      int prev = o - stride;
      switch (f) {
        case 0 -> System.arraycopy(raw, in, out, o, stride);
        case 1 -> {
          for (int i = 0; i < stride; i++) {
            int a = i >= bpp ? out[o + i - bpp] & 0xff : 0;
            out[o + i] = (byte) (raw[in + i] + a);
          }
        }
        case 2 -> {
          for (int i = 0; i < stride; i++) {
            int b = y > 0 ? out[prev + i] & 0xff : 0;
            out[o + i] = (byte) (raw[in + i] + b);
          }
        }
        case 3 -> {
          for (int i = 0; i < stride; i++) {
            int a = i >= bpp ? out[o + i - bpp] & 0xff : 0;
            int b = y > 0 ? out[prev + i] & 0xff : 0;
            out[o + i] = (byte) (raw[in + i] + ((a + b) >>> 1));
          }
        }
        case 4 -> {
          for (int i = 0; i < stride; i++) {
            int a = i >= bpp ? out[o + i - bpp] & 0xff : 0;
            int b = y > 0 ? out[prev + i] & 0xff : 0;
            int c = i >= bpp && y > 0 ? out[prev + i - bpp] & 0xff : 0;
            int p = a + b - c;
            int pa = Math.abs(p - a);
            int pb = Math.abs(p - b);
            int pc = Math.abs(p - c);
            int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            out[o + i] = (byte) (raw[in + i] + pred);
          }
        }
        default -> throw new InvalidDataException("undecodable image", location + ", PNG row " + y,
            "filter type 0..4", Integer.toString(f));
      }
    }
    return out;
  }

  private static int readInt(byte[] d, int p) {
    return (d[p] & 0xff) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | (d[p + 3] & 0xff);
  }

  private static Decoded decodeImageIo(byte[] data, String mediaType, String location) throws DataException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException | RuntimeException e) {
      throw new InvalidDataException("undecodable image", location, "a " + mediaType + " image", e.toString(), e);
    }
    if (img == null) {
      throw new InvalidDataException("undecodable image", location, "a PNG or JPEG image",
          data.length + " bytes of media type " + mediaType + " that no image reader recognizes");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    int c = gray ? 1 : 3;
    byte[] px = new byte[w * h * c];
    if (gray) {
      img.getRaster().getDataElements(0, 0, w, h, px);
    } else {
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < argb.length; i++) {
        px[3 * i] = (byte) (argb[i] >>> 16);
        px[3 * i + 1] = (byte) (argb[i] >>> 8);
        px[3 * i + 2] = (byte) argb[i];
      }
    }
    return new Decoded(px, c, w, h);
  }
}
