package dev.datamgmt.synth.internal;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;

/**
 * A smooth, invertible map of the plane used by the generators for non-affine geometry (perspective, sine-wave
 * distortion, a crumpled sheet). Pixels are resampled through {@link #inverse}; label geometry (glyph outlines) goes
 * through {@link #forward}, so a box is the bounds of the warped outline, never a re-detection of ink.
 *
 * <p>Every implementation is a pure function of its parameters: the same warp maps the same point to the same
 * doubles on any thread.
 */
public abstract class Warp {
  /** The longest outline segment mapped as a straight line; longer segments are subdivided before warping. */
  static final double MAX_SEGMENT = 1.0;

  Warp() {}

  /** Maps {@code p = {x, y}} forward, in place. */
  public abstract void forward(double[] p);

  /** Maps {@code p = {x, y}} back (the inverse of {@link #forward}), in place. */
  public abstract void inverse(double[] p);

  /** This warp, then {@code next}. */
  public Warp then(Warp next) {
    Warp first = this;
    return new Warp() {
      @Override
      public void forward(double[] p) {
        first.forward(p);
        next.forward(p);
      }

      @Override
      public void inverse(double[] p) {
        next.inverse(p);
        first.inverse(p);
      }
    };
  }

  /**
   * The projective map taking the four points {@code from} ({x0, y0, ..., x3, y3}) to the four points {@code to}.
   *
   * @throws IllegalArgumentException if three of the points are collinear (no such map)
   */
  public static Warp perspective(double[] from, double[] to) {
    double[] h = solve(from, to);
    double[] inv = invert3(h);
    return new Warp() {
      @Override
      public void forward(double[] p) {
        apply(h, p);
      }

      @Override
      public void inverse(double[] p) {
        apply(inv, p);
      }
    };
  }

  /**
   * A vertical sine wave: {@code y += amplitude * sin(2 pi x / period + phase)} ({@code x} unchanged), so a cosine
   * is the same wave with the phase shifted by pi/2.
   */
  public static Warp sine(double amplitude, double period, double phase) {
    double k = 2 * Math.PI / period;
    return new Warp() {
      @Override
      public void forward(double[] p) {
        p[1] += amplitude * StrictMath.sin(k * p[0] + phase);
      }

      @Override
      public void inverse(double[] p) {
        p[1] -= amplitude * StrictMath.sin(k * p[0] + phase);
      }
    };
  }

  /**
   * A crumpled sheet: each point moves by a displacement interpolated smoothly (smoothstep weights, continuous first
   * derivative) between the nodes of a grid over {@code [0, width] x [0, height]} with {@code cols x rows} cells;
   * outside the grid the border displacement holds. {@code dx}/{@code dy} hold {@code (rows + 1) * (cols + 1)} node
   * displacements, row by row. The inverse solves {@code p + d(p) = q} by fixed-point iteration, which converges
   * when displacements stay well below a cell ({@link #maxMeshDisplacement}).
   */
  public static Warp mesh(double width, double height, int cols, int rows, double[] dx, double[] dy) {
    double cw = width / cols, ch = height / rows;
    double[] mx = dx.clone(), my = dy.clone();
    return new Warp() {
      private void displacement(double x, double y, double[] out) {
        double gx = Math.max(0, Math.min(cols, x / cw)), gy = Math.max(0, Math.min(rows, y / ch));
        int i = Math.min(cols - 1, (int) gx), j = Math.min(rows - 1, (int) gy);
        double tx = gx - i, ty = gy - j;
        tx = tx * tx * (3 - 2 * tx);
        ty = ty * ty * (3 - 2 * ty);
        int a = j * (cols + 1) + i, b = a + 1, c = a + cols + 1, d = c + 1;
        out[0] = (1 - ty) * ((1 - tx) * mx[a] + tx * mx[b]) + ty * ((1 - tx) * mx[c] + tx * mx[d]);
        out[1] = (1 - ty) * ((1 - tx) * my[a] + tx * my[b]) + ty * ((1 - tx) * my[c] + tx * my[d]);
      }

      @Override
      public void forward(double[] p) {
        double[] d = new double[2];
        displacement(p[0], p[1], d);
        p[0] += d[0];
        p[1] += d[1];
      }

      @Override
      public void inverse(double[] p) {
        double qx = p[0], qy = p[1];
        double[] d = new double[2];
        double x = qx, y = qy;
        for (int it = 0; it < 40; it++) {
          displacement(x, y, d);
          double nx = qx - d[0], ny = qy - d[1];
          boolean done = Math.abs(nx - x) < 1e-7 && Math.abs(ny - y) < 1e-7;
          x = nx;
          y = ny;
          if (done) {
            break;
          }
        }
        p[0] = x;
        p[1] = y;
      }
    };
  }

  /** The largest node displacement for which {@link #mesh} stays invertible by its iteration: a sixth of a cell. */
  public static double maxMeshDisplacement(double cellSize) {
    return cellSize / 6;
  }

  /**
   * The bounds {x1, y1, x2, y2} of {@code outline} mapped by {@code affine} and then by {@code warp} (null: none):
   * curves are flattened to 0.05 px and straight pieces cut to at most {@value #MAX_SEGMENT} px before warping, so the
   * bounds follow the warped outline. Returns null for an outline without points.
   */
  public static double[] bounds(Shape outline, AffineTransform affine, Warp warp) {
    PathIterator it = outline.getPathIterator(affine, 0.05);
    double[] c = new double[6];
    double[] p = new double[2];
    double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    double lastX = 0, lastY = 0, startX = 0, startY = 0;
    boolean any = false;
    for (; !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      double x, y;
      if (type == PathIterator.SEG_CLOSE) {
        x = startX;
        y = startY;
      } else {
        x = c[0];
        y = c[1];
      }
      if (type == PathIterator.SEG_MOVETO) {
        startX = x;
        startY = y;
        add(b, p, x, y, warp);
        any = true;
      } else if (warp == null) {
        add(b, p, x, y, null);
      } else {
        double len = Math.hypot(x - lastX, y - lastY);
        int n = Math.max(1, (int) Math.ceil(len / MAX_SEGMENT));
        for (int k = 1; k <= n; k++) {
          double t = k / (double) n;
          add(b, p, lastX + t * (x - lastX), lastY + t * (y - lastY), warp);
        }
      }
      lastX = x;
      lastY = y;
    }
    return any ? b : null;
  }

  private static void add(double[] b, double[] p, double x, double y, Warp warp) {
    p[0] = x;
    p[1] = y;
    if (warp != null) {
      warp.forward(p);
    }
    b[0] = Math.min(b[0], p[0]);
    b[1] = Math.min(b[1], p[1]);
    b[2] = Math.max(b[2], p[0]);
    b[3] = Math.max(b[3], p[1]);
  }

  private static void apply(double[] h, double[] p) {
    double x = p[0], y = p[1];
    double w = h[6] * x + h[7] * y + h[8];
    p[0] = (h[0] * x + h[1] * y + h[2]) / w;
    p[1] = (h[3] * x + h[4] * y + h[5]) / w;
  }

  /** The homography (row-major 3x3, h[8] = 1) taking the four {@code from} points to the {@code to} points. */
  private static double[] solve(double[] from, double[] to) {
    double[][] a = new double[8][9];
    for (int k = 0; k < 4; k++) {
      double x = from[2 * k], y = from[2 * k + 1], u = to[2 * k], v = to[2 * k + 1];
      a[2 * k] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * k + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    for (int col = 0; col < 8; col++) {
      int piv = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      if (Math.abs(a[piv][col]) < 1e-12) {
        throw new IllegalArgumentException("perspective: degenerate corner points (three collinear)");
      }
      double[] t = a[col];
      a[col] = a[piv];
      a[piv] = t;
      for (int r = 0; r < 8; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int k = col; k < 9; k++) {
            a[r][k] -= f * a[col][k];
          }
        }
      }
    }
    double[] h = new double[9];
    for (int k = 0; k < 8; k++) {
      h[k] = a[k][8] / a[k][k];
    }
    h[8] = 1;
    return h;
  }

  private static double[] invert3(double[] m) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
    double co0 = e * i - f * h, co1 = -(d * i - f * g), co2 = d * h - e * g;
    double det = a * co0 + b * co1 + c * co2;
    if (Math.abs(det) < 1e-15) {
      throw new IllegalArgumentException("perspective: singular map");
    }
    return new double[] {co0 / det, -(b * i - c * h) / det, (b * f - c * e) / det, co1 / det, (a * i - c * g) / det,
        -(a * f - c * d) / det, co2 / det, -(a * h - b * g) / det, (a * e - b * d) / det};
  }
}
