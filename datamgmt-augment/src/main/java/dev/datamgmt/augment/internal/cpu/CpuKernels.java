package dev.datamgmt.augment.internal.cpu;

import dev.datamgmt.augment.internal.geometry.GridMap;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageSteps;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reference kernels on planar (CHW) float buffers on the [0, 1] scale. Each method states its exact meaning;
 * the device backend implements the same meaning on NDArrays (and calls these where a kernel only makes sense
 * on the host, such as JPEG). Not API: public for the two backends only.
 */
public final class CpuKernels {
  /** Grey weights (ITU-R 601), as torchvision uses them. */
  public static final float GRAY_R = 0.299f, GRAY_G = 0.587f, GRAY_B = 0.114f;

  private CpuKernels() {}

  /**
   * Projective warp. Output pixel {@code (u, v)} reads the input at {@code inv * (u+0.5, v+0.5) - 0.5} in index
   * coordinates, bilinear or nearest; taps outside the input read {@code fill}.
   */
  public static void warp(
      float[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, boolean bilinear, float fill) {
    warpRows(src, c, h, w, dst, oh, ow, inv, bilinear, fill, 0, oh);
  }

  /** {@link #warp} for output rows {@code [v0, v1)} only (the rest of {@code dst} is left alone). */
  public static void warpRows(float[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv,
      boolean bilinear, float fill, int v0, int v1) {
    if (bilinear && inv[6] == 0 && inv[7] == 0 && inv[8] == 1) {
      warpAffineBilinear(src, c, h, w, dst, oh, ow, inv, fill, v0, v1);
      return;
    }
    int plane = h * w, oplane = oh * ow;
    boolean affine = inv[6] == 0 && inv[7] == 0 && inv[8] == 1;
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      for (int u = 0; u < ow; u++) {
        double px = u + 0.5;
        double sx = inv[0] * px + inv[1] * py + inv[2];
        double sy = inv[3] * px + inv[4] * py + inv[5];
        if (!affine) {
          double z = inv[6] * px + inv[7] * py + inv[8];
          sx /= z;
          sy /= z;
        }
        sx -= 0.5;
        sy -= 0.5;
        int o = v * ow + u;
        if (bilinear) {
          double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
          int x0 = (int) fx0, y0 = (int) fy0;
          float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
          float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
            int i = y0 * w + x0;
            for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
              int j = base + i;
              dst[obase + o] = w00 * src[j] + w10 * src[j + 1] + w01 * src[j + w] + w11 * src[j + w + 1];
            }
          } else if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
            for (int ch = 0; ch < c; ch++) {
              dst[ch * oplane + o] = fill;
            }
          } else {
            boolean in00 = x0 >= 0 && y0 >= 0, in10 = x0 + 1 < w && y0 >= 0;
            boolean in01 = x0 >= 0 && y0 + 1 < h, in11 = x0 + 1 < w && y0 + 1 < h;
            for (int ch = 0; ch < c; ch++) {
              int base = ch * plane;
              float v00 = in00 ? src[base + y0 * w + x0] : fill;
              float v10 = in10 ? src[base + y0 * w + x0 + 1] : fill;
              float v01 = in01 ? src[base + (y0 + 1) * w + x0] : fill;
              float v11 = in11 ? src[base + (y0 + 1) * w + x0 + 1] : fill;
              dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
            }
          }
        } else {
          int x = (int) Math.floor(sx + 0.5), y = (int) Math.floor(sy + 0.5);
          boolean in = x >= 0 && y >= 0 && x < w && y < h;
          for (int ch = 0; ch < c; ch++) {
            dst[ch * oplane + o] = in ? src[ch * plane + y * w + x] : fill;
          }
        }
      }
    }
  }

  /**
   * {@link #warpRows(float[], int, int, int, float[], int, int, double[], boolean, float, int, int)} with a border
   * mode: each tap outside the input reads the index {@code border} maps it to ({@code fill} for CONSTANT).
   */
  public static void warpRowsBorder(float[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv,
      boolean bilinear, float fill, dev.datamgmt.augment.image.BorderMode border, int v0, int v1) {
    int plane = h * w, oplane = oh * ow;
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      for (int u = 0; u < ow; u++) {
        double px = u + 0.5;
        double z = inv[6] * px + inv[7] * py + inv[8];
        double sx = (inv[0] * px + inv[1] * py + inv[2]) / z - 0.5;
        double sy = (inv[3] * px + inv[4] * py + inv[5]) / z - 0.5;
        int o = v * ow + u;
        if (bilinear) {
          double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
          int x0 = clampIndex(fx0), y0 = clampIndex(fy0);
          float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
          float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
          int xa = border.index(x0, w), xb = border.index(x0 + 1, w);
          int ya = border.index(y0, h), yb = border.index(y0 + 1, h);
          for (int ch = 0; ch < c; ch++) {
            int base = ch * plane;
            float v00 = xa >= 0 && ya >= 0 ? src[base + ya * w + xa] : fill;
            float v10 = xb >= 0 && ya >= 0 ? src[base + ya * w + xb] : fill;
            float v01 = xa >= 0 && yb >= 0 ? src[base + yb * w + xa] : fill;
            float v11 = xb >= 0 && yb >= 0 ? src[base + yb * w + xb] : fill;
            dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
          }
        } else {
          int x = border.index(clampIndex(Math.floor(sx + 0.5)), w);
          int y = border.index(clampIndex(Math.floor(sy + 0.5)), h);
          for (int ch = 0; ch < c; ch++) {
            dst[ch * oplane + o] = x >= 0 && y >= 0 ? src[ch * plane + y * w + x] : fill;
          }
        }
      }
    }
  }

  /** A coordinate as an int index, kept within +-2^30 so that far-away taps cannot overflow. */
  private static int clampIndex(double v) {
    return (int) Math.max(-(1 << 30), Math.min(1 << 30, v));
  }

  /**
   * {@link #warp} for a uint8 source (values scaled by 1/255), without a conversion pass: the common first step
   * of an image pipeline reads the input bytes directly.
   */
  public static void warp(
      byte[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, boolean bilinear, float fill) {
    warpRows(src, c, h, w, dst, oh, ow, inv, bilinear, fill, 0, oh);
  }

  /** {@link #warp} for output rows {@code [v0, v1)} only (the rest of {@code dst} is left alone). */
  public static void warpRows(byte[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv,
      boolean bilinear, float fill, int v0, int v1) {
    if (bilinear && inv[6] == 0 && inv[7] == 0 && inv[8] == 1) {
      warpAffineBilinear(src, c, h, w, dst, oh, ow, inv, fill, v0, v1);
      return;
    }
    int plane = h * w, oplane = oh * ow;
    boolean affine = inv[6] == 0 && inv[7] == 0 && inv[8] == 1;
    final float k = 1f / 255f;
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      for (int u = 0; u < ow; u++) {
        double px = u + 0.5;
        double sx = inv[0] * px + inv[1] * py + inv[2];
        double sy = inv[3] * px + inv[4] * py + inv[5];
        if (!affine) {
          double z = inv[6] * px + inv[7] * py + inv[8];
          sx /= z;
          sy /= z;
        }
        sx -= 0.5;
        sy -= 0.5;
        int o = v * ow + u;
        if (bilinear) {
          double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
          int x0 = (int) fx0, y0 = (int) fy0;
          float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
          float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
            int i = y0 * w + x0;
            for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
              int j = base + i;
              dst[obase + o] = (w00 * (src[j] & 0xFF) + w10 * (src[j + 1] & 0xFF) + w01 * (src[j + w] & 0xFF)
                  + w11 * (src[j + w + 1] & 0xFF)) * k;
            }
          } else if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
            for (int ch = 0; ch < c; ch++) {
              dst[ch * oplane + o] = fill;
            }
          } else {
            boolean in00 = x0 >= 0 && y0 >= 0, in10 = x0 + 1 < w && y0 >= 0;
            boolean in01 = x0 >= 0 && y0 + 1 < h, in11 = x0 + 1 < w && y0 + 1 < h;
            for (int ch = 0; ch < c; ch++) {
              int base = ch * plane;
              float v00 = in00 ? (src[base + y0 * w + x0] & 0xFF) * k : fill;
              float v10 = in10 ? (src[base + y0 * w + x0 + 1] & 0xFF) * k : fill;
              float v01 = in01 ? (src[base + (y0 + 1) * w + x0] & 0xFF) * k : fill;
              float v11 = in11 ? (src[base + (y0 + 1) * w + x0 + 1] & 0xFF) * k : fill;
              dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
            }
          }
        } else {
          int x = (int) Math.floor(sx + 0.5), y = (int) Math.floor(sy + 0.5);
          boolean in = x >= 0 && y >= 0 && x < w && y < h;
          for (int ch = 0; ch < c; ch++) {
            dst[ch * oplane + o] = in ? (src[ch * plane + y * w + x] & 0xFF) * k : fill;
          }
        }
      }
    }
  }

  /**
   * Bilinear affine warp, the common case, with the source position advanced by a multiply per pixel and the
   * interior (all four taps inside) handled without bounds checks; borders fall back to the general taps.
   */
  private static void warpAffineBilinear(
      float[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, float fill, int v0, int v1) {
    if (inv[1] == 0 && inv[3] == 0) {
      scaleBilinear(src, c, h, w, dst, oh, ow, inv, fill, v0, v1);
      return;
    }
    int plane = h * w, oplane = oh * ow;
    double dx = inv[0], dy = inv[3];
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      double sx0 = inv[0] * 0.5 + inv[1] * py + inv[2] - 0.5;
      double sy0 = inv[3] * 0.5 + inv[4] * py + inv[5] - 0.5;
      int row = v * ow;
      for (int u = 0; u < ow; u++) {
        double sx = sx0 + dx * u, sy = sy0 + dy * u;
        int o = row + u;
        if (sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1) {
          int x0 = (int) sx, y0 = (int) sy;
          float ax = (float) (sx - x0), ay = (float) (sy - y0);
          float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
          int i = y0 * w + x0;
          for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
            int j = base + i;
            dst[obase + o] = (w00 * src[j] + w10 * src[j + 1] + w01 * src[j + w] + w11 * src[j + w + 1]);
          }
          continue;
        }
        double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
        int x0 = (int) fx0, y0 = (int) fy0;
        if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
          for (int ch = 0; ch < c; ch++) {
            dst[ch * oplane + o] = fill;
          }
          continue;
        }
        float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
        float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
        boolean in00 = x0 >= 0 && y0 >= 0 && x0 < w && y0 < h;
        boolean in10 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
        boolean in01 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
        boolean in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
        for (int ch = 0; ch < c; ch++) {
          int base = ch * plane;
          float v00 = in00 ? src[base + y0 * w + x0] : fill;
          float v10 = in10 ? src[base + y0 * w + x0 + 1] : fill;
          float v01 = in01 ? src[base + (y0 + 1) * w + x0] : fill;
          float v11 = in11 ? src[base + (y0 + 1) * w + x0 + 1] : fill;
          dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
        }
      }
    }
  }

  /**
   * Bilinear affine warp, the common case, with the source position advanced by a multiply per pixel and the
   * interior (all four taps inside) handled without bounds checks; borders fall back to the general taps.
   */
  private static void warpAffineBilinear(
      byte[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, float fill, int v0, int v1) {
    if (inv[1] == 0 && inv[3] == 0) {
      scaleBilinear(src, c, h, w, dst, oh, ow, inv, fill, v0, v1);
      return;
    }
    int plane = h * w, oplane = oh * ow;
    double dx = inv[0], dy = inv[3];
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      double sx0 = inv[0] * 0.5 + inv[1] * py + inv[2] - 0.5;
      double sy0 = inv[3] * 0.5 + inv[4] * py + inv[5] - 0.5;
      int row = v * ow;
      for (int u = 0; u < ow; u++) {
        double sx = sx0 + dx * u, sy = sy0 + dy * u;
        int o = row + u;
        if (sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1) {
          int x0 = (int) sx, y0 = (int) sy;
          float ax = (float) (sx - x0), ay = (float) (sy - y0);
          float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
          int i = y0 * w + x0;
          for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
            int j = base + i;
            dst[obase + o] = (w00 * (src[j] & 0xFF) + w10 * (src[j + 1] & 0xFF) + w01 * (src[j + w] & 0xFF) + w11 * (src[j + w + 1] & 0xFF)) * (1f / 255f);
          }
          continue;
        }
        double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
        int x0 = (int) fx0, y0 = (int) fy0;
        if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
          for (int ch = 0; ch < c; ch++) {
            dst[ch * oplane + o] = fill;
          }
          continue;
        }
        float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
        float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
        boolean in00 = x0 >= 0 && y0 >= 0 && x0 < w && y0 < h;
        boolean in10 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
        boolean in01 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
        boolean in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
        for (int ch = 0; ch < c; ch++) {
          int base = ch * plane;
          float v00 = in00 ? (src[base + y0 * w + x0] & 0xFF) * (1f / 255f) : fill;
          float v10 = in10 ? (src[base + y0 * w + x0 + 1] & 0xFF) * (1f / 255f) : fill;
          float v01 = in01 ? (src[base + (y0 + 1) * w + x0] & 0xFF) * (1f / 255f) : fill;
          float v11 = in11 ? (src[base + (y0 + 1) * w + x0 + 1] & 0xFF) * (1f / 255f) : fill;
          dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
        }
      }
    }
  }


  /**
   * The per-column half of a warp without rotation or shear: each output column's source position, left tap,
   * weights and whether both taps are inside, computed once per call by the general kernel's expressions.
   */
  private static final class ScaleColumns {
    final double[] sxs;
    final int[] xs;
    final float[] axs;
    final float[] bxs;
    final boolean[] xin;

    ScaleColumns(double[] inv, int v0, int ow, int w) {
      sxs = new double[ow];
      xs = new int[ow];
      axs = new float[ow];
      bxs = new float[ow];
      xin = new boolean[ow];
      double py = v0 + 0.5;
      double sx0 = inv[0] * 0.5 + inv[1] * py + inv[2] - 0.5;
      for (int u = 0; u < ow; u++) {
        double sx = sx0 + inv[0] * u;
        sxs[u] = sx;
        xin[u] = sx >= 0 && sx < w - 1;
        int x0 = (int) sx;
        xs[u] = x0;
        axs[u] = (float) (sx - x0);
        bxs[u] = 1 - axs[u];
      }
    }
  }

  /**
   * {@link #warpAffineBilinear} for a warp without rotation or shear (a scale, flip and shift: resized crops,
   * letterboxes): the source column of an output column and the source row of an output row are the same on every
   * row and column, so their taps and weights come from one table per call instead of a double-precision position
   * per pixel. The positions are computed by the same expressions as in the general kernel (with no rotation the
   * cross terms are exact zeros), so every output value is bit-identical to it.
   */
  private static void scaleBilinear(
      float[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, float fill, int v0, int v1) {
    int plane = h * w, oplane = oh * ow;
    double dy = inv[3];
    ScaleColumns cols = new ScaleColumns(inv, v0, ow, w);
    double[] sxs = cols.sxs;
    int[] xs = cols.xs;
    float[] axs = cols.axs, bxs = cols.bxs;
    boolean[] xin = cols.xin;
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      double sy = inv[3] * 0.5 + inv[4] * py + inv[5] - 0.5 + dy * 0;
      int row = v * ow;
      boolean yin = sy >= 0 && sy < h - 1;
      if (!yin) {
        for (int u = 0; u < ow; u++) {
          edgeBilinear(src, c, h, w, dst, oplane, row + u, sxs[u], sy, fill);
        }
        continue;
      }
      int y0 = (int) sy;
      float ay = (float) (sy - y0), by = 1 - ay;
      int rowIn = y0 * w;
      for (int u = 0; u < ow; u++) {
        int o = row + u;
        if (!xin[u]) {
          edgeBilinear(src, c, h, w, dst, oplane, o, sxs[u], sy, fill);
          continue;
        }
        float ax = axs[u], bx = bxs[u];
        float w00 = bx * by, w10 = ax * by, w01 = bx * ay, w11 = ax * ay;
        int i = rowIn + xs[u];
        for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
          int j = base + i;
          dst[obase + o] = (w00 * src[j] + w10 * src[j + 1] + w01 * src[j + w] + w11 * src[j + w + 1]);
        }
      }
    }
  }

  /** One output pixel of {@link #warpAffineBilinear} whose taps are not all inside (the general kernel's code). */
  private static void edgeBilinear(
      float[] src, int c, int h, int w, float[] dst, int oplane, int o, double sx, double sy, float fill) {
    int plane = h * w;
    if (sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1) {
      int x0 = (int) sx, y0 = (int) sy;
      float ax = (float) (sx - x0), ay = (float) (sy - y0);
      float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
      int i = y0 * w + x0;
      for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
        int j = base + i;
        dst[obase + o] = (w00 * src[j] + w10 * src[j + 1] + w01 * src[j + w] + w11 * src[j + w + 1]);
      }
      return;
    }
    double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
    int x0 = (int) fx0, y0 = (int) fy0;
    if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
      for (int ch = 0; ch < c; ch++) {
        dst[ch * oplane + o] = fill;
      }
      return;
    }
    float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
    float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
    boolean in00 = x0 >= 0 && y0 >= 0 && x0 < w && y0 < h;
    boolean in10 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
    boolean in01 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
    boolean in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      float v00 = in00 ? src[base + y0 * w + x0] : fill;
      float v10 = in10 ? src[base + y0 * w + x0 + 1] : fill;
      float v01 = in01 ? src[base + (y0 + 1) * w + x0] : fill;
      float v11 = in11 ? src[base + (y0 + 1) * w + x0 + 1] : fill;
      dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
    }
  }

  /**
   * {@link #warpAffineBilinear} for a warp without rotation or shear (a scale, flip and shift: resized crops,
   * letterboxes): the source column of an output column and the source row of an output row are the same on every
   * row and column, so their taps and weights come from one table per call instead of a double-precision position
   * per pixel. The positions are computed by the same expressions as in the general kernel (with no rotation the
   * cross terms are exact zeros), so every output value is bit-identical to it.
   */
  private static void scaleBilinear(
      byte[] src, int c, int h, int w, float[] dst, int oh, int ow, double[] inv, float fill, int v0, int v1) {
    int plane = h * w, oplane = oh * ow;
    double dy = inv[3];
    ScaleColumns cols = new ScaleColumns(inv, v0, ow, w);
    double[] sxs = cols.sxs;
    int[] xs = cols.xs;
    float[] axs = cols.axs, bxs = cols.bxs;
    boolean[] xin = cols.xin;
    for (int v = v0; v < v1; v++) {
      double py = v + 0.5;
      double sy = inv[3] * 0.5 + inv[4] * py + inv[5] - 0.5 + dy * 0;
      int row = v * ow;
      boolean yin = sy >= 0 && sy < h - 1;
      if (!yin) {
        for (int u = 0; u < ow; u++) {
          edgeBilinear(src, c, h, w, dst, oplane, row + u, sxs[u], sy, fill);
        }
        continue;
      }
      int y0 = (int) sy;
      float ay = (float) (sy - y0), by = 1 - ay;
      int rowIn = y0 * w;
      for (int u = 0; u < ow; u++) {
        int o = row + u;
        if (!xin[u]) {
          edgeBilinear(src, c, h, w, dst, oplane, o, sxs[u], sy, fill);
          continue;
        }
        float ax = axs[u], bx = bxs[u];
        float w00 = bx * by, w10 = ax * by, w01 = bx * ay, w11 = ax * ay;
        int i = rowIn + xs[u];
        for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
          int j = base + i;
          dst[obase + o] = (w00 * (src[j] & 0xFF) + w10 * (src[j + 1] & 0xFF) + w01 * (src[j + w] & 0xFF) + w11 * (src[j + w + 1] & 0xFF)) * (1f / 255f);
        }
      }
    }
  }

  /** One output pixel of {@link #warpAffineBilinear} whose taps are not all inside (the general kernel's code). */
  private static void edgeBilinear(
      byte[] src, int c, int h, int w, float[] dst, int oplane, int o, double sx, double sy, float fill) {
    int plane = h * w;
    if (sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1) {
      int x0 = (int) sx, y0 = (int) sy;
      float ax = (float) (sx - x0), ay = (float) (sy - y0);
      float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
      int i = y0 * w + x0;
      for (int ch = 0, base = 0, obase = 0; ch < c; ch++, base += plane, obase += oplane) {
        int j = base + i;
        dst[obase + o] = (w00 * (src[j] & 0xFF) + w10 * (src[j + 1] & 0xFF) + w01 * (src[j + w] & 0xFF) + w11 * (src[j + w + 1] & 0xFF)) * (1f / 255f);
      }
      return;
    }
    double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
    int x0 = (int) fx0, y0 = (int) fy0;
    if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
      for (int ch = 0; ch < c; ch++) {
        dst[ch * oplane + o] = fill;
      }
      return;
    }
    float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
    float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
    boolean in00 = x0 >= 0 && y0 >= 0 && x0 < w && y0 < h;
    boolean in10 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
    boolean in01 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
    boolean in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      float v00 = in00 ? (src[base + y0 * w + x0] & 0xFF) * (1f / 255f) : fill;
      float v10 = in10 ? (src[base + y0 * w + x0 + 1] & 0xFF) * (1f / 255f) : fill;
      float v01 = in01 ? (src[base + (y0 + 1) * w + x0] & 0xFF) * (1f / 255f) : fill;
      float v11 = in11 ? (src[base + (y0 + 1) * w + x0 + 1] & 0xFF) * (1f / 255f) : fill;
      dst[ch * oplane + o] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
    }
  }

  /** Samples {@code src} at per-pixel index coordinates {@code (xs[k], ys[k])}, as {@link #warp} does. */
  public static void remap(float[] src, int c, int h, int w, float[] dst, float[] xs, float[] ys, boolean bilinear,
      float fill, dev.datamgmt.augment.image.BorderMode border) {
    int plane = h * w;
    for (int k = 0; k < plane; k++) {
      double sx = xs[k], sy = ys[k];
      if (bilinear) {
        double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
        int x0 = clampIndex(fx0), y0 = clampIndex(fy0);
        float ax = (float) (sx - fx0), ay = (float) (sy - fy0);
        float w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
        // Each tap reads the index the border maps it to, or the fill (CONSTANT: -1 outside).
        int xa = border.index(x0, w), xb = border.index(x0 + 1, w);
        int ya = border.index(y0, h), yb = border.index(y0 + 1, h);
        for (int ch = 0; ch < c; ch++) {
          int base = ch * plane;
          float v00 = xa >= 0 && ya >= 0 ? src[base + ya * w + xa] : fill;
          float v10 = xb >= 0 && ya >= 0 ? src[base + ya * w + xb] : fill;
          float v01 = xa >= 0 && yb >= 0 ? src[base + yb * w + xa] : fill;
          float v11 = xb >= 0 && yb >= 0 ? src[base + yb * w + xb] : fill;
          dst[base + k] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
        }
      } else {
        int x = border.index(clampIndex(Math.floor(sx + 0.5)), w), y = border.index(clampIndex(Math.floor(sy + 0.5)), h);
        for (int ch = 0; ch < c; ch++) {
          dst[ch * plane + k] = x >= 0 && y >= 0 ? src[ch * plane + y * w + x] : fill;
        }
      }
    }
  }

  /** The grid warp of {@code step}: builds its map and calls {@link #remap}. */
  public static void gridWarp(float[] src, int c, int h, int w, float[] dst, ImageSteps.GridWarp step) {
    float[] xs = new float[h * w], ys = new float[h * w];
    new GridMap(step, w, h).indexMap(xs, ys);
    remap(src, c, h, w, dst, xs, ys, step.interpolation() == dev.datamgmt.augment.image.Interpolation.BILINEAR,
        (float) step.fill(), step.border());
  }

  private static float clamp(float v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  /** {@code clamp(x * f)}. */
  public static void brightness(float[] x, float f) {
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(x[i] * f);
    }
  }

  /** The mean grey level of the image (the channel itself for grayscale). */
  public static float meanGray(float[] x, int c, int plane) {
    double sum = 0;
    if (c == 3) {
      for (int i = 0; i < plane; i++) {
        sum += GRAY_R * x[i] + GRAY_G * x[plane + i] + GRAY_B * x[2 * plane + i];
      }
    } else {
      for (int i = 0; i < plane; i++) {
        sum += x[i];
      }
    }
    return (float) (sum / plane);
  }

  /** {@code clamp(f * x + (1 - f) * meanGray)}. */
  public static void contrast(float[] x, int c, int plane, float f) {
    float add = (1 - f) * meanGray(x, c, plane);
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(f * x[i] + add);
    }
  }

  /** {@code clamp(f * x + (1 - f) * gray(pixel))}; identity on grayscale. */
  public static void saturation(float[] x, int c, int plane, float f) {
    if (c != 3) {
      return;
    }
    float g1 = 1 - f;
    for (int i = 0; i < plane; i++) {
      float r = x[i], g = x[plane + i], b = x[2 * plane + i];
      float gray = g1 * (GRAY_R * r + GRAY_G * g + GRAY_B * b);
      x[i] = clamp(f * r + gray);
      x[plane + i] = clamp(f * g + gray);
      x[2 * plane + i] = clamp(f * b + gray);
    }
  }

  /** The 3x3 RGB matrix of a hue rotation by {@code shift} turns in YIQ space (row-major). */
  public static float[] hueMatrix(double shift) {
    double a = shift * 2 * Math.PI, cos = Math.cos(a), sin = Math.sin(a);
    double[] t = {0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312};
    double[] ti = invert3(t);
    double[] r = {1, 0, 0, 0, cos, -sin, 0, sin, cos};
    double[] m = mul3(ti, mul3(r, t));
    float[] out = new float[9];
    for (int i = 0; i < 9; i++) {
      out[i] = (float) m[i];
    }
    return out;
  }

  /** Applies {@link #hueMatrix} per pixel, clamped; identity on grayscale. */
  public static void hue(float[] x, int c, int plane, double shift) {
    if (c != 3) {
      return;
    }
    float[] m = hueMatrix(shift);
    for (int i = 0; i < plane; i++) {
      float r = x[i], g = x[plane + i], b = x[2 * plane + i];
      x[i] = clamp(m[0] * r + m[1] * g + m[2] * b);
      x[plane + i] = clamp(m[3] * r + m[4] * g + m[5] * b);
      x[2 * plane + i] = clamp(m[6] * r + m[7] * g + m[8] * b);
    }
  }

  /** {@code clamp(x)^gamma}. */
  public static void gamma(float[] x, double gamma) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.pow(clamp(x[i]), gamma);
    }
  }

  /** Every channel becomes the grey value; identity on grayscale. */
  public static void grayscale(float[] x, int c, int plane) {
    if (c != 3) {
      return;
    }
    for (int i = 0; i < plane; i++) {
      float g = GRAY_R * x[i] + GRAY_G * x[plane + i] + GRAY_B * x[2 * plane + i];
      x[i] = g;
      x[plane + i] = g;
      x[2 * plane + i] = g;
    }
  }

  /** The standard-normal noise field of {@code seed}: {@code n} values in CHW order. */
  public static float[] noiseField(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] z = new float[n];
    for (int i = 0; i < n; i += 2) {
      // Box-Muller gives two independent values per pair of uniforms.
      double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
      double r = Math.sqrt(-2 * Math.log(u1));
      z[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < n) {
        z[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return z;
  }

  /** {@code clamp(x + sigma * noiseField(seed))}. */
  public static void noise(float[] x, double sigma, long seed) {
    float[] z = noiseField(seed, x.length);
    float s = (float) sigma;
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(x[i] + s * z[i]);
    }
  }

  /** The normalized 1-D Gaussian kernel of radius {@code ceil(3 sigma)}; {@code {1}} when sigma is ~0. */
  public static float[] gaussianKernel(double sigma) {
    if (sigma < 1e-3) {
      return new float[] {1};
    }
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      double v = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
      k[i + r] = (float) v;
      sum += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) (k[i] / sum);
    }
    return k;
  }

  /** Separable Gaussian blur, horizontal then vertical, with edge pixels replicated. */
  public static void blur(float[] x, int c, int h, int w, double sigma) {
    float[] k = gaussianKernel(sigma);
    int r = k.length / 2;
    if (r == 0) {
      return;
    }
    float[] tmp = new float[h * w];
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          float s = 0;
          for (int t = -r; t <= r; t++) {
            int xi = Math.min(w - 1, Math.max(0, xx + t));
            s += k[t + r] * x[base + y * w + xi];
          }
          tmp[y * w + xx] = s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          float s = 0;
          for (int t = -r; t <= r; t++) {
            int yi = Math.min(h - 1, Math.max(0, y + t));
            s += k[t + r] * tmp[yi * w + xx];
          }
          x[base + y * w + xx] = s;
        }
      }
    }
  }

  /** {@code 1 - x}. */
  public static void invert(float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = 1f - x[i];
    }
  }

  /** Keeps the top {@code bits} bits of each value rounded to 8 bits. */
  public static void posterize(float[] x, int bits) {
    int mask = (0xFF << (8 - bits)) & 0xFF;
    for (int i = 0; i < x.length; i++) {
      x[i] = (Raster.toByte(x[i]) & mask) * (1f / 255f);
    }
  }

  /** Values {@code >= threshold} become {@code 1 - x}. */
  public static void solarize(float[] x, float threshold) {
    for (int i = 0; i < x.length; i++) {
      if (x[i] >= threshold) {
        x[i] = 1f - x[i];
      }
    }
  }

  /** Per channel {@code (x - min) / (max - min)}, clamped to {@code [0, 1]}; a constant channel is unchanged. */
  public static void autoContrast(float[] x, int c, int plane) {
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < plane; i++) {
        lo = Math.min(lo, x[base + i]);
        hi = Math.max(hi, x[base + i]);
      }
      if (!(hi > lo)) {
        continue;
      }
      float scale = 1f / (hi - lo);
      for (int i = 0; i < plane; i++) {
        x[base + i] = Math.min(1f, Math.max(0f, (x[base + i] - lo) * scale));
      }
    }
  }

  /**
   * PIL's equalize per channel on 8-bit values: {@code step = (n - count of the last used level) / 255}
   * (integer), {@code lut[v] = (cumsum[v - 1] + step / 2) / step}; unchanged when {@code step == 0}.
   */
  public static void equalize(float[] x, int c, int plane) {
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      int[] v = new int[plane];
      int[] hist = new int[256];
      for (int i = 0; i < plane; i++) {
        v[i] = Raster.toByte(x[base + i]);
        hist[v[i]]++;
      }
      int last = 255;
      while (hist[last] == 0) {
        last--;
      }
      int step = (plane - hist[last]) / 255;
      if (step == 0) {
        for (int i = 0; i < plane; i++) {
          x[base + i] = v[i] * (1f / 255f);
        }
        continue;
      }
      int[] lut = new int[256];
      int cum = step / 2;
      for (int k = 0; k < 256; k++) {
        lut[k] = Math.min(255, cum / step);
        cum += hist[k];
      }
      for (int i = 0; i < plane; i++) {
        x[base + i] = lut[v[i]] * (1f / 255f);
      }
    }
  }

  /**
   * {@link ImageSteps.HsvShift}: OpenCV's float RGB to HSV conversion (with its {@code FLT_EPSILON} guards), the
   * shifts, and back.
   */
  public static void hsvShift(float[] x, int c, int plane, float hue, float sat, float val) {
    if (c != 3) {
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.min(1f, Math.max(0f, x[i] + val));
      }
      return;
    }
    final float eps = Math.ulp(1f);
    for (int i = 0; i < plane; i++) {
      float r = x[i], g = x[plane + i], b = x[2 * plane + i];
      float v = Math.max(r, Math.max(g, b)), vmin = Math.min(r, Math.min(g, b));
      float diff = v - vmin;
      float s = diff / (Math.abs(v) + eps);
      float k = 60f / (diff + eps);
      float h;
      if (v == r) {
        h = (g - b) * k;
      } else if (v == g) {
        h = (b - r) * k + 120f;
      } else {
        h = (r - g) * k + 240f;
      }
      if (h < 0) {
        h += 360f;
      }
      h = (h + hue) % 360f;
      if (h < 0) {
        h += 360f;
      }
      s = Math.min(1f, Math.max(0f, s + sat));
      v = Math.min(1f, Math.max(0f, v + val));
      float hh = h / 60f;
      if (hh >= 6) {
        hh -= 6;
      }
      int sector = (int) Math.floor(hh);
      float f = hh - sector;
      float p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
      switch (sector) {
        case 0 -> { r = v; g = t; b = p; }
        case 1 -> { r = q; g = v; b = p; }
        case 2 -> { r = p; g = v; b = t; }
        case 3 -> { r = p; g = q; b = v; }
        case 4 -> { r = t; g = p; b = v; }
        default -> { r = v; g = p; b = q; }
      }
      x[i] = r;
      x[plane + i] = g;
      x[2 * plane + i] = b;
    }
  }

  /** torchvision's adjust_sharpness: blend with the 3x3 smoothed interior (borders kept), clamped. */
  public static void sharpness(float[] x, int c, int h, int w, float factor) {
    if (h < 3 || w < 3) {
      return;
    }
    int plane = h * w;
    float[] smooth = new float[plane];
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      for (int y = 1; y < h - 1; y++) {
        for (int xx = 1; xx < w - 1; xx++) {
          int i = base + y * w + xx;
          float s = x[i - w - 1] + x[i - w] + x[i - w + 1] + x[i - 1] + 5 * x[i] + x[i + 1] + x[i + w - 1]
              + x[i + w] + x[i + w + 1];
          smooth[y * w + xx] = s / 13f;
        }
      }
      for (int y = 1; y < h - 1; y++) {
        for (int xx = 1; xx < w - 1; xx++) {
          int i = base + y * w + xx;
          float d = smooth[y * w + xx];
          x[i] = Math.min(1f, Math.max(0f, factor * x[i] + (1 - factor) * d));
        }
      }
    }
    if (factor != 1f) {
      // The kept border is still clamped, as torchvision's blend clamps the whole image.
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.min(1f, Math.max(0f, x[i]));
      }
    }
  }

  /** Encodes as JPEG at {@code quality} and decodes, through javax.imageio; returns the new pixels. */
  public static float[] jpeg(float[] x, int c, int h, int w, int quality) {
    BufferedImage img = Raster.wrapFloat(c, h, w, x).toBufferedImage();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    try {
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
      Raster decoded = Raster.fromBufferedImage(back);
      if (decoded.channels() != c) {
        // The JPEG reader returns RGB for gray inputs on some JDKs; reduce back to one channel.
        float[] rgb = decoded.toFloatChw();
        float[] gray = new float[h * w];
        System.arraycopy(rgb, 0, gray, 0, gray.length);
        return gray;
      }
      return decoded.toFloatChw();
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG decoding in memory failed", e);
    }
  }

  /** Source index of output column/row {@code u} under pixelation with block {@code b}. */
  public static int pixelateIndex(int u, int b, int size) {
    return Math.min(size - 1, (u / b) * b + b / 2);
  }

  /** Every pixel takes the value at the centre of its block. */
  public static void pixelate(float[] x, int c, int h, int w, int block) {
    if (block <= 1) {
      return;
    }
    int plane = h * w;
    float[] copy = x.clone();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        int sy = pixelateIndex(y, block, h);
        for (int xx = 0; xx < w; xx++) {
          x[ch * plane + y * w + xx] = copy[ch * plane + sy * w + pixelateIndex(xx, block, w)];
        }
      }
    }
  }

  /** Sets {@code [x0, x1) x [y0, y1)} (clipped to the image) to {@code value}. */
  public static void erase(float[] x, int c, int h, int w, ImageSteps.Erase e) {
    int plane = h * w;
    float v = (float) e.value();
    for (int ch = 0; ch < c; ch++) {
      for (int y = Math.max(0, e.y0()); y < Math.min(h, e.y1()); y++) {
        for (int xx = Math.max(0, e.x0()); xx < Math.min(w, e.x1()); xx++) {
          x[ch * plane + y * w + xx] = v;
        }
      }
    }
  }

  /** {@code (x - mean[c]) / std[c]}. */
  public static void normalize(float[] x, int c, int plane, float[] mean, float[] std) {
    for (int ch = 0; ch < c; ch++) {
      float m = mean[ch], inv = 1f / std[ch];
      for (int i = ch * plane, end = i + plane; i < end; i++) {
        x[i] = (x[i] - m) * inv;
      }
    }
  }

  /** The cutmix box {@code {x0, y0, x1, y1}} in pixels for a mix step on a {@code w x h} image. */
  public static int[] cutBox(ImageSteps.Mix mix, int w, int h) {
    double cut = Math.sqrt(1 - mix.lambda());
    double bw = cut * w, bh = cut * h, cx = mix.cx() * w, cy = mix.cy() * h;
    int x0 = (int) Math.max(0, Math.round(cx - bw / 2)), x1 = (int) Math.min(w, Math.round(cx + bw / 2));
    int y0 = (int) Math.max(0, Math.round(cy - bh / 2)), y1 = (int) Math.min(h, Math.round(cy + bh / 2));
    return new int[] {x0, y0, Math.max(x0, x1), Math.max(y0, y1)};
  }

  /** The weight a mix leaves on the sample itself (cutmix: its share of pixels after clipping the box). */
  public static double mixWeight(ImageSteps.Mix mix, int w, int h) {
    if (!mix.cutmix()) {
      return mix.lambda();
    }
    int[] b = cutBox(mix, w, h);
    return 1 - (b[2] - b[0]) * (double) (b[3] - b[1]) / ((double) w * h);
  }

  private static double[] mul3(double[] a, double[] b) {
    double[] r = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return r;
  }

  private static double[] invert3(double[] m) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], k = m[8];
    double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
    return new double[] {
      (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
      (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
      (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
    };
  }
}
