package dev.datamgmt.label.studio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The outlines of a class-index mask as polygons without holes, for Label Studio's {@code polygonlabels}: one
 * polygon per connected region of a class (4-connected; class 0 is the background and gets none), traced by
 * marching squares on the pixel centres and simplified by Douglas–Peucker.
 *
 * <p>Geometry: a region's outline runs through the midpoints between its pixel centres and the centres of the
 * pixels around it (so it lies within [0, width] x [0, height]; every pixel centre is at least 0.35 px from it).
 * The simplification drops a vertex only when it is within the tolerance of the edge that replaces it and no pixel
 * centre changes side, so the outlines, filled by the importer's rule (a pixel is inside when its centre is) and
 * painted in the returned order, give back the mask pixel for pixel at any tolerance; the tolerance bounds how far
 * the simplified outline strays from the traced one (and so how few vertices it can have).
 *
 * <p>Connectivity: a region is 4-connected (pixels of a class that touch only at a corner are separate regions,
 * each with its polygon) and the outside of a region 8-connected, so outlines of different regions never cross at
 * a pixel corner and the painting order below always exists (with 8-connected regions of two classes crossing at
 * a corner, each could lie in the other's hole).
 *
 * <p>Holes: a Label Studio polygon has none, so each outline is filled whole. A hole of a region that holds other
 * classes is painted over by their polygons (the order puts every region after the regions whose holes it lies
 * in); a hole holding background pixels (class 0) cannot be expressed, and {@link #trace} fails naming the first
 * such pixel.
 */
final class MaskOutlines {
  private MaskOutlines() {}

  /**
   * One region's outline.
   *
   * @param classIndex the region's class
   * @param xy the vertices in pixels, {@code x0, y0, x1, y1, ...}; the last vertex joins the first
   * @param x a pixel of the region (column)
   * @param y its row
   */
  record Outline(int classIndex, double[] xy, int x, int y) {
    int vertices() {
      return xy.length / 2;
    }
  }

  /**
   * Why a mask has no polygon form: a background pixel (x, y) inside the outline of a region of class {@code
   * classIndex} that has a pixel at (regionX, regionY); or, if {@code !hole}, regions that enclose each other.
   */
  static final class NotPolygonsException extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean hole;
    final int classIndex;
    final int x;
    final int y;
    final int regionX;
    final int regionY;

    NotPolygonsException(boolean hole, int classIndex, int x, int y, int regionX, int regionY) {
      super(hole ? "background pixel (x=" + x + ", y=" + y + ") inside the outline of a region of class "
          + classIndex + " (which has a pixel at x=" + regionX + ", y=" + regionY + ")"
          : "regions enclose each other (a region of class " + classIndex + " at x=" + x + ", y=" + y + ")");
      this.hole = hole;
      this.classIndex = classIndex;
      this.x = x;
      this.y = y;
      this.regionX = regionX;
      this.regionY = regionY;
    }
  }

  /**
   * The outlines of the mask's regions in painting order (a region after every region whose hole it lies in;
   * otherwise by the raster order of the regions' first pixels).
   *
   * @param px class index of each pixel, row-major
   * @param tolerance the Douglas–Peucker tolerance in pixels (0: only collinear vertices are dropped)
   * @throws NotPolygonsException if a region encloses background pixels, or regions enclose each other
   */
  static List<Outline> trace(byte[] px, int w, int h, double tolerance) throws NotPolygonsException {
    if (px.length != w * h) {
      throw new IllegalArgumentException("pixels: expected " + w + " x " + h + " = " + w * h + ", found "
          + px.length);
    }
    Regions regions = Regions.of(px, w, h);
    int n = regions.count;
    List<List<Integer>> after = new ArrayList<>(n); // region -> regions in its holes
    List<double[]> rings = new ArrayList<>(n);
    int[] stamp = new int[n];
    Arrays.fill(stamp, -1);
    for (int k = 0; k < n; k++) {
      List<Integer> inHoles = new ArrayList<>();
      rings.add(outline(regions, k, px, inHoles, stamp));
      after.add(inHoles);
    }
    int[] indegree = new int[n];
    after.forEach(l -> l.forEach(j -> indegree[j]++));
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int k = 0; k < n; k++) {
      if (indegree[k] == 0) {
        ready.add(k);
      }
    }
    List<Outline> out = new ArrayList<>(n);
    while (!ready.isEmpty()) {
      int k = ready.poll();
      int seed = regions.seed[k];
      out.add(new Outline(regions.cls[k], simplify(rings.get(k), tolerance), seed % w, seed / w));
      for (int j : after.get(k)) {
        if (--indegree[j] == 0) {
          ready.add(j);
        }
      }
    }
    if (out.size() < n) {
      int k = 0;
      while (indegree[k] == 0) {
        k++;
      }
      int seed = regions.seed[k];
      throw new NotPolygonsException(false, regions.cls[k], seed % w, seed / w, seed % w, seed / w);
    }
    return out;
  }

  private static final int[][] STEPS_4 = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

  /** The 4-connected regions of equal non-zero class: a region index per pixel (-1 for background). */
  private static final class Regions {
    final int[] of;
    final int w;
    final int h;
    int count;
    int[] cls = new int[16];
    int[] seed = new int[16];
    int[] box = new int[64]; // minX, minY, maxX, maxY per region

    private Regions(int w, int h) {
      this.w = w;
      this.h = h;
      this.of = new int[w * h];
    }

    static Regions of(byte[] px, int w, int h) {
      Regions r = new Regions(w, h);
      Arrays.fill(r.of, -1);
      int[] queue = new int[w * h];
      for (int p = 0; p < px.length; p++) {
        if (px[p] == 0 || r.of[p] >= 0) {
          continue;
        }
        int k = r.add(px[p] & 0xFF, p);
        int head = 0;
        int tail = 0;
        queue[tail++] = p;
        r.of[p] = k;
        while (head < tail) {
          int q = queue[head++];
          int qx = q % w;
          int qy = q / w;
          r.box[4 * k] = Math.min(r.box[4 * k], qx);
          r.box[4 * k + 1] = Math.min(r.box[4 * k + 1], qy);
          r.box[4 * k + 2] = Math.max(r.box[4 * k + 2], qx);
          r.box[4 * k + 3] = Math.max(r.box[4 * k + 3], qy);
          for (int[] d : STEPS_4) {
            int nx = qx + d[0];
            int ny = qy + d[1];
            if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
              int nq = ny * w + nx;
              if (r.of[nq] < 0 && px[nq] == px[p]) {
                r.of[nq] = k;
                queue[tail++] = nq;
              }
            }
          }
        }
      }
      return r;
    }

    private int add(int c, int p) {
      if (count == cls.length) {
        cls = Arrays.copyOf(cls, 2 * count);
        seed = Arrays.copyOf(seed, 2 * count);
        box = Arrays.copyOf(box, 8 * count);
      }
      cls[count] = c;
      seed[count] = p;
      box[4 * count] = Integer.MAX_VALUE;
      box[4 * count + 1] = Integer.MAX_VALUE;
      box[4 * count + 2] = -1;
      box[4 * count + 3] = -1;
      return count++;
    }
  }

  /**
   * Region k's outer outline in pixels (unsimplified), after checking its holes: background there fails; the
   * regions found there are added to {@code inHoles}.
   */
  private static double[] outline(Regions r, int k, byte[] px, List<Integer> inHoles, int[] stamp)
      throws NotPolygonsException {
    int w = r.w;
    // the region's bounding box with a margin of one background cell all round
    int gx0 = r.box[4 * k] - 1;
    int gy0 = r.box[4 * k + 1] - 1;
    int gw = r.box[4 * k + 2] - gx0 + 2;
    int gh = r.box[4 * k + 3] - gy0 + 2;
    // 1: the region (later: its filled shape); 0: not reached yet; 2: outside, 8-connected to the margin
    byte[] g = new byte[gw * gh];
    for (int j = 1; j < gh - 1; j++) {
      for (int i = 1; i < gw - 1; i++) {
        if (r.of[(gy0 + j) * w + gx0 + i] == k) {
          g[j * gw + i] = 1;
        }
      }
    }
    int[] queue = new int[gw * gh];
    int tail = 0;
    for (int c = 0; c < g.length; c++) {
      int i = c % gw;
      int j = c / gw;
      if (i == 0 || j == 0 || i == gw - 1 || j == gh - 1) {
        g[c] = 2;
        queue[tail++] = c;
      }
    }
    for (int head = 0; head < tail; head++) { // the outside: 8-connected, as regions are 4-connected
      int c = queue[head];
      int i = c % gw;
      int j = c / gw;
      for (int dj = -1; dj <= 1; dj++) {
        for (int di = -1; di <= 1; di++) {
          int ni = i + di;
          int nj = j + dj;
          if (ni >= 0 && nj >= 0 && ni < gw && nj < gh && g[nj * gw + ni] == 0) {
            g[nj * gw + ni] = 2;
            queue[tail++] = nj * gw + ni;
          }
        }
      }
    }
    for (int c = 0; c < g.length; c++) {
      if (g[c] != 0) {
        continue;
      }
      int x = gx0 + c % gw;
      int y = gy0 + c / gw;
      int p = y * w + x;
      if (px[p] == 0) {
        throw new NotPolygonsException(true, r.cls[k], x, y, r.seed[k] % w, r.seed[k] / w);
      }
      if (stamp[r.of[p]] != k) {
        stamp[r.of[p]] = k;
        inHoles.add(r.of[p]);
      }
      g[c] = 1;
    }
    return march(g, gw, gh, gx0, gy0);
  }

  /**
   * Marching squares over the grid's pixel centres ({@code g == 1} inside), diagonal inside neighbours apart; the
   * longest closed contour (for a filled region, its only one), in image pixels.
   */
  private static double[] march(byte[] g, int gw, int gh, int gx0, int gy0) {
    int[] next = new int[2 * gw * gh];
    Arrays.fill(next, -1);
    List<Integer> starts = new ArrayList<>();
    for (int j = 0; j < gh - 1; j++) {
      for (int i = 0; i < gw - 1; i++) {
        boolean a = g[j * gw + i] == 1; // top left
        boolean b = g[j * gw + i + 1] == 1; // top right
        boolean c = g[(j + 1) * gw + i + 1] == 1; // bottom right
        boolean d = g[(j + 1) * gw + i] == 1; // bottom left
        int top = 2 * (j * gw + i);
        int bottom = 2 * ((j + 1) * gw + i);
        int left = 2 * (j * gw + i) + 1;
        int right = 2 * (j * gw + i + 1) + 1;
        if (a == b && b == c && c == d) {
          continue;
        }
        if (a == c && b == d) { // a saddle: the inside corners are cut off, the outside diagonal stays connected
          if (a) {
            link(next, starts, left, top, i, j, true, gw);
            link(next, starts, right, bottom, i + 1, j + 1, true, gw);
          } else {
            link(next, starts, top, right, i + 1, j, true, gw);
            link(next, starts, bottom, left, i, j + 1, true, gw);
          }
          continue;
        }
        // two crossed edges
        int e1 = -1;
        int e2 = -1;
        for (int e : new int[] {a != b ? top : -1, b != c ? right : -1, c != d ? bottom : -1, d != a ? left : -1}) {
          if (e >= 0) {
            if (e1 < 0) {
              e1 = e;
            } else {
              e2 = e;
            }
          }
        }
        // the corner the two edges share, or the top left one for a straight cut (it is off the cut's line)
        int ri = i;
        int rj = j;
        boolean rIn = a;
        if (has(e1, e2, top, right)) {
          ri = i + 1;
          rIn = b;
        } else if (has(e1, e2, right, bottom)) {
          ri = i + 1;
          rj = j + 1;
          rIn = c;
        } else if (has(e1, e2, bottom, left)) {
          rj = j + 1;
          rIn = d;
        }
        link(next, starts, e1, e2, ri, rj, rIn, gw);
      }
    }
    double[] best = null;
    double bestArea = -1;
    boolean[] seen = new boolean[next.length];
    for (int s : starts) {
      if (seen[s]) {
        continue;
      }
      double[] ring = new double[16];
      int len = 0;
      int e = s;
      do {
        seen[e] = true;
        if (len + 2 > ring.length) {
          ring = Arrays.copyOf(ring, 2 * ring.length);
        }
        int cell = e >> 1;
        int ci = cell % gw;
        int cj = cell / gw;
        // centre (i, j) of the grid is pixel (gx0 + i, gy0 + j), whose centre is at + 0.5
        boolean horizontal = (e & 1) == 0;
        ring[len++] = gx0 + ci + 0.5 + (horizontal ? 0.5 : 0);
        ring[len++] = gy0 + cj + 0.5 + (horizontal ? 0 : 0.5);
        e = next[e];
      } while (e != s);
      ring = Arrays.copyOf(ring, len);
      double area = Math.abs(area(ring));
      if (area > bestArea) {
        best = ring;
        bestArea = area;
      }
    }
    return best;
  }

  private static boolean has(int e1, int e2, int x, int y) {
    return (e1 == x && e2 == y) || (e1 == y && e2 == x);
  }

  /**
   * Adds the segment between edge midpoints e1 and e2, oriented so that the inside lies to its left (positive
   * cross product), judged by the reference corner (ri, rj), inside or not.
   */
  private static void link(int[] next, List<Integer> starts, int e1, int e2, int ri, int rj, boolean rIn, int gw) {
    double[] m1 = midpoint(e1, gw);
    double[] m2 = midpoint(e2, gw);
    double cross = (m2[0] - m1[0]) * (rj - m1[1]) - (m2[1] - m1[1]) * (ri - m1[0]);
    if ((cross > 0) != rIn) {
      int t = e1;
      e1 = e2;
      e2 = t;
    }
    next[e1] = e2;
    starts.add(e1);
  }

  private static double[] midpoint(int e, int gw) {
    int cell = e >> 1;
    double x = cell % gw;
    double y = cell / gw;
    return (e & 1) == 0 ? new double[] {x + 0.5, y} : new double[] {x, y + 0.5};
  }

  /** The signed area of a closed ring (shoelace). */
  static double area(double[] xy) {
    double s = 0;
    int n = xy.length / 2;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    return s / 2;
  }

  /**
   * Douglas–Peucker on a closed ring that keeps the pixels: split at vertex 0 and the vertex farthest from it; a
   * chord replaces the vertices between its ends when each is at most {@code tolerance} from it and no pixel centre
   * changes side (none lies on the chord or between it and the vertices it replaces); otherwise the farthest
   * vertex stays and both halves are tried again. A ring that would keep fewer than three vertices stays as it was.
   */
  static double[] simplify(double[] xy, double tolerance) {
    int n = xy.length / 2;
    if (n <= 3) {
      return xy;
    }
    int far = 0;
    double farD = -1;
    for (int i = 1; i < n; i++) {
      double d = Math.hypot(xy[2 * i] - xy[0], xy[2 * i + 1] - xy[1]);
      if (d > farD) {
        far = i;
        farD = d;
      }
    }
    boolean[] keep = new boolean[n];
    keep[0] = true;
    keep[far] = true;
    int[] stack = new int[2 * n + 4];
    int top = 0;
    stack[top++] = 0;
    stack[top++] = far;
    stack[top++] = far;
    stack[top++] = n; // index n is vertex 0 again
    while (top > 0) {
      int hi = stack[--top];
      int lo = stack[--top];
      int ax = 2 * lo;
      int bx = 2 * (hi % n);
      int worst = -1;
      double worstD = Math.max(tolerance, 1e-9); // exactly collinear vertices go even at tolerance 0
      for (int i = lo + 1; i < hi; i++) {
        double d = segmentDistance(xy[2 * i], xy[2 * i + 1], xy[ax], xy[ax + 1], xy[bx], xy[bx + 1]);
        if (d > worstD) {
          worst = i;
          worstD = d;
        }
      }
      if (worst < 0 && hi - lo > 1) {
        // every vertex is near the chord: drop them only if no pixel centre changes side; else split anyway
        worst = changesACentre(xy, lo, hi, worstD) ? farthest(xy, lo, hi) : -1;
      }
      if (worst >= 0) {
        keep[worst] = true;
        stack[top++] = lo;
        stack[top++] = worst;
        stack[top++] = worst;
        stack[top++] = hi;
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    if (kept < 3) {
      return xy;
    }
    double[] out = new double[2 * kept];
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        out[o++] = xy[2 * i];
        out[o++] = xy[2 * i + 1];
      }
    }
    return out;
  }

  private static int farthest(double[] xy, int lo, int hi) {
    int n = xy.length / 2;
    int ax = 2 * lo;
    int bx = 2 * (hi % n);
    int worst = lo + 1;
    double worstD = -1;
    for (int i = lo + 1; i < hi; i++) {
      double d = segmentDistance(xy[2 * i], xy[2 * i + 1], xy[ax], xy[ax + 1], xy[bx], xy[bx + 1]);
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    return worst;
  }

  /**
   * Whether replacing vertices lo+1..hi-1 by the chord lo-hi moves a pixel centre to the other side of the outline:
   * a centre on the chord, or one the loop (vertices lo..hi, then the chord back) winds around. The loop lies
   * within {@code reach} of the chord, so only centres that near are tested.
   */
  static boolean changesACentre(double[] xy, int lo, int hi, double reach) {
    int n = xy.length / 2;
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = lo; i <= hi; i++) {
      int v = 2 * (i % n);
      minX = Math.min(minX, xy[v]);
      maxX = Math.max(maxX, xy[v]);
      minY = Math.min(minY, xy[v + 1]);
      maxY = Math.max(maxY, xy[v + 1]);
    }
    int ax = 2 * lo;
    int bx = 2 * (hi % n);
    for (int y = (int) Math.floor(minY - 0.5); y + 0.5 <= maxY; y++) {
      for (int x = (int) Math.floor(minX - 0.5); x + 0.5 <= maxX; x++) {
        double cx = x + 0.5;
        double cy = y + 0.5;
        if (cx < minX || cy < minY) {
          continue;
        }
        double d = segmentDistance(cx, cy, xy[ax], xy[ax + 1], xy[bx], xy[bx + 1]);
        if (d < 1e-9) {
          return true;
        }
        if (d <= reach + 1e-9 && winding(xy, lo, hi, cx, cy) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The winding number of the loop lo..hi (indices mod n), closed by the chord, around (px, py). */
  private static int winding(double[] xy, int lo, int hi, double px, double py) {
    int n = xy.length / 2;
    int wn = 0;
    for (int i = lo; i <= hi; i++) {
      int a = 2 * (i % n);
      int b = 2 * ((i == hi ? lo : i + 1) % n);
      double ay = xy[a + 1];
      double by = xy[b + 1];
      double side = (xy[b] - xy[a]) * (py - ay) - (px - xy[a]) * (by - ay);
      if (ay <= py) {
        if (by > py && side > 0) {
          wn++;
        }
      } else if (by <= py && side < 0) {
        wn--;
      }
    }
    return wn;
  }

  private static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  }
}
