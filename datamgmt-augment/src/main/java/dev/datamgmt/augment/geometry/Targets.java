package dev.datamgmt.augment.geometry;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.internal.geometry.GridMap;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves boxes, keypoints and masks through the geometric steps of a plan ({@link ImageSteps.Warp} and
 * {@link ImageSteps.GridWarp}); other steps leave them alone. Both backends use these, so targets always
 * agree with the image.
 */
public final class Targets {
  private static final int EDGE_SAMPLES = 16;

  private Targets() {}

  /**
   * Transforms boxes.
   *
   * @param boxes the boxes
   * @param format their format; normalized boxes are scaled by the input size and back by the output size
   * @param width input width
   * @param height input height
   * @param steps the plan
   * @param policy what to do with boxes pushed outside, and the size filters
   */
  public static List<Box> boxes(
      List<Box> boxes, BoxFormat format, int width, int height, List<Step> steps, BoxPolicy policy) {
    return moveBoxes(boxes, format, width, height, steps, policy).boxes();
  }

  /**
   * Boxes after a plan, and which input box each came from.
   *
   * @param boxes the kept boxes, transformed
   * @param sourceIndex for each kept box, its index in the input list (increasing)
   */
  public record MovedBoxes(List<Box> boxes, int[] sourceIndex) {}

  /** {@link #boxes} that also says which input boxes were kept (instance masks follow them). */
  public static MovedBoxes moveBoxes(
      List<Box> boxes, BoxFormat format, int width, int height, List<Step> steps, BoxPolicy policy) {
    List<Box> out = new ArrayList<>(boxes.size());
    int[] source = new int[boxes.size()];
    int[] size = outputSize(width, height, steps);
    for (int bi = 0; bi < boxes.size(); bi++) {
      Box b = boxes.get(bi);
      double[] full = {b.x1(), b.y1(), b.x2(), b.y2()};
      if (format == BoxFormat.NORMALIZED_XYXY) {
        full = new double[] {full[0] * width, full[1] * height, full[2] * width, full[3] * height};
      }
      double[] clipped = full.clone();
      int w = width, h = height;
      boolean ellipse = policy.boxWarp() == BoxPolicy.BoxWarp.ELLIPSE;
      List<ImageSteps.Warp> run = new ArrayList<>();
      for (Step s : steps) {
        if (s instanceof ImageSteps.Warp warp) {
          if (ellipse) {
            run.add(warp);
          } else {
            full = warpBox(warp.matrix(), full);
            clipped = clip(warpBox(warp.matrix(), clipped), warp.outWidth(), warp.outHeight());
          }
          w = warp.outWidth();
          h = warp.outHeight();
        } else if (s instanceof ImageSteps.GridWarp grid) {
          if (!run.isEmpty()) {
            double[][] fc = ellipseRun(run, full, clipped);
            full = fc[0];
            clipped = fc[1];
            run.clear();
          }
          GridMap map = new GridMap(grid, w, h);
          full = gridBox(map, full);
          clipped = clip(gridBox(map, clipped), w, h);
        }
      }
      if (!run.isEmpty()) {
        double[][] fc = ellipseRun(run, full, clipped);
        full = fc[0];
        clipped = fc[1];
      }
      double fullArea = area(full);
      double visibility;
      if (fullArea > 0) {
        visibility = clipped == null ? 0 : area(clipped) / fullArea;
      } else {
        // A degenerate (zero-area) box is visible if it still touches the image.
        visibility = clipped == null ? 0 : 1;
      }
      if (clipped == null || visibility < policy.minVisibility() || (fullArea > 0 && visibility == 0)) {
        continue;
      }
      double[] kept = policy.clip() ? clipped : full;
      if (!policy.keepsSize(kept[2] - kept[0], kept[3] - kept[1])) {
        continue;
      }
      if (format == BoxFormat.NORMALIZED_XYXY) {
        // Without clipping a normalized box may leave [0, 1], like a pixel box may leave the image.
        kept = new double[] {kept[0] / size[0], kept[1] / size[1], kept[2] / size[0], kept[3] / size[1]};
      }
      source[out.size()] = bi;
      out.add(new Box(kept[0], kept[1], kept[2], kept[3], b.classIndex()));
    }
    return new MovedBoxes(out, java.util.Arrays.copyOf(source, out.size()));
  }

  /** The image size after the plan's geometric steps: {@code {width, height}}. */
  public static int[] outputSize(int width, int height, List<Step> steps) {
    int w = width, h = height;
    for (Step s : steps) {
      if (s instanceof ImageSteps.Warp warp) {
        w = warp.outWidth();
        h = warp.outHeight();
      }
    }
    return new int[] {w, h};
  }

  /**
   * Transforms keypoints. A keypoint that leaves the image at any step becomes {@link Keypoint#NOT_LABELED}
   * (its content is gone), keeping its transformed coordinates and its position in the list.
   */
  public static List<Keypoint> keypoints(List<Keypoint> points, int width, int height, List<Step> steps) {
    return keypoints(points, width, height, steps, null);
  }

  /**
   * Like {@link #keypoints(List, int, int, List)}, then, if the steps mirror the image and {@code flipIndex} is
   * given, permutes the result so that entry {@code i} is the transformed keypoint {@code flipIndex[i]}.
   */
  public static List<Keypoint> keypoints(
      List<Keypoint> points, int width, int height, List<Step> steps, int[] flipIndex) {
    List<Keypoint> moved = move(points, width, height, steps);
    if (flipIndex == null || !mirrors(steps)) {
      return moved;
    }
    List<Keypoint> out = new ArrayList<>(moved.size());
    for (int i = 0; i < moved.size(); i++) {
      out.add(moved.get(flipIndex[i]));
    }
    return out;
  }

  /** True if the geometric steps reverse orientation an odd number of times. */
  public static boolean mirrors(List<Step> steps) {
    boolean mirrored = false;
    for (Step s : steps) {
      if (s instanceof ImageSteps.Warp warp) {
        double[] m = warp.matrix();
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
        mirrored ^= det < 0;
      }
    }
    return mirrored;
  }

  private static List<Keypoint> move(List<Keypoint> points, int width, int height, List<Step> steps) {
    List<Keypoint> out = new ArrayList<>(points.size());
    for (Keypoint k : points) {
      double x = k.x(), y = k.y();
      int vis = k.visibility();
      int w = width, h = height;
      for (Step s : steps) {
        if (s instanceof ImageSteps.Warp warp) {
          double[] p = Homography.apply(warp.matrix(), x, y);
          x = p[0];
          y = p[1];
          w = warp.outWidth();
          h = warp.outHeight();
        } else if (s instanceof ImageSteps.GridWarp grid) {
          double[] p = new GridMap(grid, w, h).target(x, y);
          x = p[0];
          y = p[1];
        } else {
          continue;
        }
        if (!(x >= 0 && x < w && y >= 0 && y < h)) {
          vis = Keypoint.NOT_LABELED;
        }
      }
      out.add(new Keypoint(x, y, vis));
    }
    return out;
  }

  /**
   * Transforms a mask with nearest-neighbour sampling; pixels from outside get class 0, or, for a warp with a
   * reflect or replicate border, the class of the pixel the image reads there.
   */
  public static SegmentationMask mask(SegmentationMask mask, List<Step> steps) {
    // Only the window holding the non-zero classes moves (0 outside it): an instance mask costs its object's size.
    int w = mask.width(), h = mask.height();
    int wx = mask.windowX(), wy = mask.windowY(), ww = mask.windowWidth(), wh = mask.windowHeight();
    int[] cur = mask.windowArray();
    boolean moved = false;
    for (Step s : steps) {
      if (s instanceof ImageSteps.Warp warp) {
        double[] inv = Homography.invert(warp.matrix());
        int ow = warp.outWidth(), oh = warp.outHeight();
        BorderMode border = warp.border();
        // The output window: every output pixel whose source index lands in the input window lies inside it.
        int ox0 = 0, oy0 = 0, ox1 = ow, oy1 = oh;
        if (inv[1] == 0 && inv[3] == 0 && inv[6] == 0 && inv[7] == 0) {
          // Axis-aligned (flips, resizes, crops, letterbox): each output column reads one input column and each row
          // one row; the same arithmetic as below, once per column and row instead of per pixel.
          int[] col = new int[ow], row = new int[oh];
          ox0 = ow;
          ox1 = 0;
          for (int u = 0; u < ow; u++) {
            double sx = (inv[0] * (u + 0.5) + inv[1] * 0.5 + inv[2]) / inv[8];
            int x = border.index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sx))), w) - wx;
            col[u] = x >= 0 && x < ww ? x : -1;
            if (col[u] >= 0) {
              ox0 = Math.min(ox0, u);
              ox1 = u + 1;
            }
          }
          oy0 = oh;
          oy1 = 0;
          for (int v = 0; v < oh; v++) {
            double sy = (inv[3] * 0.5 + inv[4] * (v + 0.5) + inv[5]) / inv[8];
            int y = border.index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sy))), h) - wy;
            row[v] = y >= 0 && y < wh ? y : -1;
            if (row[v] >= 0) {
              oy0 = Math.min(oy0, v);
              oy1 = v + 1;
            }
          }
          int nw = Math.max(0, ox1 - ox0), nh = Math.max(0, oy1 - oy0);
          int[] next = new int[nw * nh];
          for (int v = oy0; v < oy1; v++) {
            if (row[v] < 0) {
              continue;
            }
            int in = row[v] * ww, out = (v - oy0) * nw - ox0;
            for (int u = ox0; u < ox1; u++) {
              if (col[u] >= 0) {
                next[out + u] = cur[in + col[u]];
              }
            }
          }
          cur = next;
          w = ow;
          h = oh;
          wx = ox0;
          wy = oy0;
          ww = nw;
          wh = nh;
          moved = true;
          continue;
        }
        if (border == BorderMode.CONSTANT) {
          int[] win = forwardWindow(warp.matrix(), wx, wy, ww, wh, ow, oh);
          ox0 = win[0];
          oy0 = win[1];
          ox1 = win[2];
          oy1 = win[3];
        }
        int nw = Math.max(0, ox1 - ox0), nh = Math.max(0, oy1 - oy0);
        int[] next = new int[nw * nh];
        for (int v = oy0; v < oy1; v++) {
          for (int u = ox0; u < ox1; u++) {
            double px = u + 0.5, py = v + 0.5;
            double z = inv[6] * px + inv[7] * py + inv[8];
            double sx = (inv[0] * px + inv[1] * py + inv[2]) / z;
            double sy = (inv[3] * px + inv[4] * py + inv[5]) / z;
            int x = border.index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sx))), w) - wx;
            int y = border.index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sy))), h) - wy;
            next[(v - oy0) * nw + u - ox0] = x >= 0 && y >= 0 && x < ww && y < wh ? cur[y * ww + x] : 0;
          }
        }
        cur = next;
        w = ow;
        h = oh;
        wx = ox0;
        wy = oy0;
        ww = nw;
        wh = nh;
        moved = true;
      } else if (s instanceof ImageSteps.GridWarp grid) {
        int[] map = new int[w * h];
        new GridMap(grid, w, h).nearestIndexMap(map);
        int[] next = new int[w * h];
        for (int k = 0; k < next.length; k++) {
          int x = map[k] < 0 ? -1 : map[k] % w - wx, y = map[k] < 0 ? -1 : map[k] / w - wy;
          next[k] = x >= 0 && y >= 0 && x < ww && y < wh ? cur[y * ww + x] : 0;
        }
        cur = next;
        wx = 0;
        wy = 0;
        ww = w;
        wh = h;
        moved = true;
      }
    }
    return moved ? SegmentationMask.window(w, h, wx, wy, ww, wh, cur) : mask;
  }

  /**
   * The output pixels {@code [x0, x1) x [y0, y1)} that a warp with matrix {@code m} (input to output) can fill from
   * the input window {@code [wx, wx + ww) x [wy, wy + wh)} with a constant border: the bounding box of the window's
   * corners mapped forward, widened by 2 pixels against rounding and clipped to the output; the whole output when a
   * corner maps to or beyond infinity (a perspective whose horizon crosses the window).
   */
  private static int[] forwardWindow(double[] m, int wx, int wy, int ww, int wh, int ow, int oh) {
    if (ww == 0 || wh == 0) {
      return new int[] {0, 0, 0, 0};
    }
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
    double[][] corners = {{wx, wy}, {wx + ww, wy}, {wx, wy + wh}, {wx + ww, wy + wh}};
    double z0 = Double.NaN;
    for (double[] c : corners) {
      double z = m[6] * c[0] + m[7] * c[1] + m[8];
      if (!(Math.abs(z) > 1e-12) || (!Double.isNaN(z0) && Math.signum(z) != Math.signum(z0))) {
        return new int[] {0, 0, ow, oh};
      }
      z0 = z;
      double x = (m[0] * c[0] + m[1] * c[1] + m[2]) / z, y = (m[3] * c[0] + m[4] * c[1] + m[5]) / z;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    int x0 = (int) Math.max(0, Math.min(ow, Math.floor(minX) - 2));
    int y0 = (int) Math.max(0, Math.min(oh, Math.floor(minY) - 2));
    int x1 = (int) Math.max(x0, Math.min(ow, Math.ceil(maxX) + 2));
    int y1 = (int) Math.max(y0, Math.min(oh, Math.ceil(maxY) + 2));
    return new int[] {x0, y0, x1, y1};
  }

  /**
   * The part of {@code mask} inside {@code [x0, x1) x [y0, y1)} moved by {@code (dx, dy)} (whole pixels) into a
   * {@code width x height} frame, 0 elsewhere: a mosaic's quadrant ({@code x0 ... y1} are in output coordinates).
   */
  public static SegmentationMask shiftMask(SegmentationMask mask, int dx, int dy, int x0, int y0, int x1, int y1,
      int width, int height) {
    int wx = mask.windowX() + dx, wy = mask.windowY() + dy;
    int cx0 = Math.max(Math.max(0, x0), wx), cy0 = Math.max(Math.max(0, y0), wy);
    int cx1 = Math.min(Math.min(width, x1), wx + mask.windowWidth());
    int cy1 = Math.min(Math.min(height, y1), wy + mask.windowHeight());
    if (cx1 <= cx0 || cy1 <= cy0) {
      return SegmentationMask.wrapWindow(width, height, 0, 0, 0, 0, null);
    }
    int nw = cx1 - cx0, nh = cy1 - cy0;
    int[] out = new int[nw * nh];
    int[] src = mask.windowArray();
    for (int y = cy0; y < cy1; y++) {
      System.arraycopy(src, (y - wy) * mask.windowWidth() + cx0 - wx, out, (y - cy0) * nw, nw);
    }
    return SegmentationMask.window(width, height, cx0, cy0, nw, nh, out);
  }

  private static double[] warpBox(double[] m, double[] b) {
    if (b == null) {
      return null;
    }
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
    // A homography maps lines to lines, so the box's image is the quadrilateral of its corners.
    for (double[] c : new double[][] {{b[0], b[1]}, {b[2], b[1]}, {b[2], b[3]}, {b[0], b[3]}}) {
      double[] p = Homography.apply(m, c[0], c[1]);
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1]);
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  /**
   * Boxes through a run of consecutive warps with {@link BoxPolicy.BoxWarp#ELLIPSE}: the ellipse goes through the
   * product of the run's matrices at once, so a rotation and its inverse give the box back exactly (warping the
   * ellipse of each intermediate box would shrink or grow it). The clipped box is the warped clipped box cut to
   * the last frame and to the bounds of every earlier frame of the run as the later warps place it.
   *
   * @return {@code {full, clipped}} ({@code clipped} null when nothing is left)
   */
  private static double[][] ellipseRun(List<ImageSteps.Warp> run, double[] full, double[] clipped) {
    double[] product = Homography.translate(0, 0);
    for (ImageSteps.Warp w : run) {
      product = Homography.multiply(w.matrix(), product);
    }
    ImageSteps.Warp last = run.get(run.size() - 1);
    double[] c = clip(ellipseBox(product, clipped), last.outWidth(), last.outHeight());
    double[] after = Homography.translate(0, 0);
    for (int k = run.size() - 1; k > 0 && c != null; k--) {
      after = Homography.multiply(after, run.get(k).matrix());
      ImageSteps.Warp earlier = run.get(k - 1);
      double[] frame = warpBox(after, new double[] {0, 0, earlier.outWidth(), earlier.outHeight()});
      c = intersect(c, frame);
    }
    return new double[][] {ellipseBox(product, full), c};
  }

  private static double[] intersect(double[] a, double[] b) {
    double x1 = Math.max(a[0], b[0]), y1 = Math.max(a[1], b[1]), x2 = Math.min(a[2], b[2]), y2 = Math.min(a[3], b[3]);
    return x2 < x1 || y2 < y1 ? null : new double[] {x1, y1, x2, y2};
  }

  /**
   * The bounds of the image of the ellipse inscribed in box {@code b}: for an affine {@code m} in closed form
   * (half-extents {@code sqrt((m00 a)^2 + (m01 b)^2)} and {@code sqrt((m10 a)^2 + (m11 b)^2)} about the mapped
   * centre), for a projective one from 256 points of the ellipse.
   */
  private static double[] ellipseBox(double[] m, double[] b) {
    if (b == null) {
      return null;
    }
    double cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2, a = (b[2] - b[0]) / 2, e = (b[3] - b[1]) / 2;
    if (m[6] == 0 && m[7] == 0 && m[8] == 1) {
      double[] c = Homography.apply(m, cx, cy);
      double hx = Math.hypot(m[0] * a, m[1] * e), hy = Math.hypot(m[3] * a, m[4] * e);
      return new double[] {c[0] - hx, c[1] - hy, c[0] + hx, c[1] + hy};
    }
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
    for (int i = 0; i < 256; i++) {
      double t = 2 * Math.PI * i / 256;
      double[] p = Homography.apply(m, cx + a * Math.cos(t), cy + e * Math.sin(t));
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1]);
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  private static double[] gridBox(GridMap map, double[] b) {
    if (b == null) {
      return null;
    }
    // Curved edges: sample points along all four edges and take their bounds.
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
    for (int i = 0; i <= EDGE_SAMPLES; i++) {
      double t = i / (double) EDGE_SAMPLES;
      double x = b[0] + t * (b[2] - b[0]), y = b[1] + t * (b[3] - b[1]);
      for (double[] c : new double[][] {{x, b[1]}, {x, b[3]}, {b[0], y}, {b[2], y}}) {
        double[] p = map.target(c[0], c[1]);
        minX = Math.min(minX, p[0]);
        minY = Math.min(minY, p[1]);
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  private static double[] clip(double[] b, int w, int h) {
    if (b == null) {
      return null;
    }
    double x1 = Math.max(0, b[0]), y1 = Math.max(0, b[1]), x2 = Math.min(w, b[2]), y2 = Math.min(h, b[3]);
    if (x2 < x1 || y2 < y1) {
      return null;
    }
    return new double[] {x1, y1, x2, y2};
  }

  private static double area(double[] b) {
    return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  }

  /**
   * Checks the targets of one sample before augmentation: boxes within the image (normalized in {@code [0, 1]},
   * pixel in {@code [0, width] x [0, height]}), and the keypoint flip index (if any) an involution over the
   * keypoints. Both backends call this.
   *
   * @param where the sample's name in the message
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @throws InvalidDataException naming {@code where} and what was wrong
   */
  public static void validate(String where, List<Box> boxes, BoxFormat format, List<Keypoint> keypoints,
      int[] flipIndex, int width, int height) throws InvalidDataException {
    boolean normalized = format == BoxFormat.NORMALIZED_XYXY;
    double maxX = normalized ? 1 : width, maxY = normalized ? 1 : height;
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      if (!(b.x1() >= 0 && b.y1() >= 0 && b.x2() <= maxX && b.y2() <= maxY)) {
        throw new InvalidDataException(
            (normalized ? "normalized" : "pixel") + " box out of range", where + " box " + i,
            normalized ? "coordinates in [0, 1]" : "x in [0, " + width + "], y in [0, " + height + "] (the image is "
                + width + "x" + height + ")",
            "[" + b.x1() + ", " + b.y1() + ", " + b.x2() + ", " + b.y2() + "]");
      }
    }
    if (flipIndex != null) {
      boolean[] seen = new boolean[flipIndex.length];
      boolean ok = flipIndex.length == keypoints.size();
      for (int i = 0; ok && i < flipIndex.length; i++) {
        int j = flipIndex[i];
        ok = j >= 0 && j < flipIndex.length && !seen[j] && flipIndex[j] == i;
        if (ok) {
          seen[j] = true;
        }
      }
      if (!ok) {
        throw new InvalidDataException("bad keypoint flip index", where,
            "an involution over the " + keypoints.size() + " keypoints", java.util.Arrays.toString(flipIndex));
      }
    }
  }
}
