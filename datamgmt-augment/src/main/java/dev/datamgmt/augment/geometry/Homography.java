package dev.datamgmt.augment.geometry;

/**
 * 3x3 projective transforms as row-major {@code double[9]}, in continuous pixel coordinates (pixel
 * {@code i} spans {@code [i, i+1)}). Small, allocation-light helpers shared by sampling and both backends.
 */
public final class Homography {
  private Homography() {}

  /** The identity. */
  public static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  /** A translation by {@code (tx, ty)}. */
  public static double[] translate(double tx, double ty) {
    return new double[] {1, 0, tx, 0, 1, ty, 0, 0, 1};
  }

  /** A scaling by {@code (sx, sy)} about the origin. */
  public static double[] scale(double sx, double sy) {
    return new double[] {sx, 0, 0, 0, sy, 0, 0, 0, 1};
  }

  /** {@code a * b}: first {@code b}, then {@code a}. */
  public static double[] multiply(double[] a, double[] b) {
    double[] r = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return r;
  }

  /** The inverse; throws if the matrix is singular. */
  public static double[] invert(double[] m) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], k = m[8];
    double co00 = e * k - f * h;
    double co01 = -(d * k - f * g);
    double co02 = d * h - e * g;
    double det = a * co00 + b * co01 + c * co02;
    if (Math.abs(det) < 1e-12 || !Double.isFinite(det)) {
      throw new IllegalArgumentException("transform is singular (determinant " + det + ")");
    }
    double inv = 1.0 / det;
    return new double[] {
      co00 * inv, -(b * k - c * h) * inv, (b * f - c * e) * inv,
      co01 * inv, (a * k - c * g) * inv, -(a * f - c * d) * inv,
      co02 * inv, -(a * h - b * g) * inv, (a * e - b * d) * inv
    };
  }

  /** Applies {@code m} to the point {@code (x, y)}; returns {@code {x', y'}}. */
  public static double[] apply(double[] m, double x, double y) {
    double w = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w};
  }

  /** True if {@code m} maps the pixel lattice onto itself (flips, integer shifts, transposes). */
  public static boolean isLatticeMap(double[] m) {
    if (m[6] != 0 || m[7] != 0 || m[8] != 1) {
      return false;
    }
    for (int i : new int[] {0, 1, 3, 4}) {
      if (m[i] != 0 && m[i] != 1 && m[i] != -1) {
        return false;
      }
    }
    return m[2] == Math.rint(m[2]) && m[5] == Math.rint(m[5]);
  }

  /**
   * The homography that maps the four {@code src} points onto the four {@code dst} points (each
   * {@code {x0,y0,x1,y1,x2,y2,x3,y3}}).
   */
  public static double[] fromPoints(double[] src, double[] dst) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = src[2 * i], y = src[2 * i + 1], u = dst[2 * i], v = dst[2 * i + 1];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    // Gauss-Jordan with partial pivoting on the 8x8 system; the 9th column is the right-hand side.
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double p = a[col][col];
      if (Math.abs(p) < 1e-12) {
        throw new IllegalArgumentException("points are degenerate; no homography maps them");
      }
      for (int j = col; j < 9; j++) {
        a[col][j] /= p;
      }
      for (int r = 0; r < 8; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col];
          for (int j = col; j < 9; j++) {
            a[r][j] -= f * a[col][j];
          }
        }
      }
    }
    double[] h = new double[9];
    for (int i = 0; i < 8; i++) {
      h[i] = a[i][8];
    }
    h[8] = 1;
    return h;
  }
}
