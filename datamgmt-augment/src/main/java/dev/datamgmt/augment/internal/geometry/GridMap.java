package dev.datamgmt.augment.internal.geometry;

import dev.datamgmt.augment.image.ImageSteps;

/**
 * The displacement field of a {@link ImageSteps.GridWarp} over a {@code width x height} image: output point
 * {@code q} reads input point {@code q + d(q)}, with {@code d} bilinear between grid points. Not API.
 */
public final class GridMap {
  private final ImageSteps.GridWarp step;
  private final double[] dx;
  private final double[] dy;
  private final int width;
  private final int height;

  /** The field of {@code step} on a {@code width x height} image. */
  public GridMap(ImageSteps.GridWarp step, int width, int height) {
    this.step = step;
    this.dx = step.dx();
    this.dy = step.dy();
    this.width = width;
    this.height = height;
  }

  /** The input point read by output point {@code (x, y)}; returns {@code {x', y'}}. */
  public double[] source(double x, double y) {
    double[] out = new double[2];
    source(x, y, out);
    return out;
  }

  /** Like {@link #source(double, double)}, into {@code out}. */
  public void source(double x, double y, double[] out) {
    int cx = step.cellsX(), cy = step.cellsY();
    double gx = Math.min(Math.max(x / width * cx, 0), cx);
    double gy = Math.min(Math.max(y / height * cy, 0), cy);
    int i = Math.min((int) gx, cx - 1), j = Math.min((int) gy, cy - 1);
    double fx = gx - i, fy = gy - j;
    int stride = cx + 1;
    int a = j * stride + i, b = a + 1, c = a + stride, d = c + 1;
    double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
    out[0] = x + dx[a] * w00 + dx[b] * w10 + dx[c] * w01 + dx[d] * w11;
    out[1] = y + dy[a] * w00 + dy[b] * w10 + dy[c] * w01 + dy[d] * w11;
  }

  /**
   * The output point that reads input point {@code (x, y)}: the inverse of {@link #source}, by fixed-point
   * iteration (it converges because displacements are below half a cell, so the map is a contraction).
   */
  public double[] target(double x, double y) {
    double qx = x, qy = y;
    double[] s = new double[2];
    for (int it = 0; it < 50; it++) {
      source(qx, qy, s);
      double nx = qx + (x - s[0]), ny = qy + (y - s[1]);
      if (Math.abs(nx - qx) < 1e-9 && Math.abs(ny - qy) < 1e-9) {
        return new double[] {nx, ny};
      }
      qx = nx;
      qy = ny;
    }
    return new double[] {qx, qy};
  }

  /**
   * The dense sampling map in index coordinates (centre of pixel {@code i} is {@code i}): for output pixel
   * {@code k = y * width + x}, {@code xs[k], ys[k]} is where to read the input.
   */
  public void indexMap(float[] xs, float[] ys) {
    double[] s = new double[2];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        source(x + 0.5, y + 0.5, s);
        xs[y * width + x] = (float) (s[0] - 0.5);
        ys[y * width + x] = (float) (s[1] - 0.5);
      }
    }
  }

  /**
   * The nearest-neighbour sampling map of a mask: for output pixel {@code k = y * width + x}, the flat index of
   * the input pixel its centre reads (through the step's border mode), or -1 when that point lies outside the image
   * with a constant border (class 0). Both backends
   * warp masks through this one function, in double precision, so they agree exactly.
   */
  public void nearestIndexMap(int[] out) {
    double[] p = new double[2];
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++) {
        source(u + 0.5, v + 0.5, p);
        int x = step.border().index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(p[0]))), width);
        int y = step.border().index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(p[1]))), height);
        out[v * width + u] = x >= 0 && y >= 0 ? y * width + x : -1;
      }
    }
  }
}
