package dev.datamgmt.synth.shapes;

import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws {@link ShapesConfig} samples; see there for the labels. */
final class ShapesGenerator implements Generator {
  static final String VERSION = "1";

  private final ShapesConfig config;

  ShapesGenerator(ShapesConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return ShapesConfig.NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public ShapesConfig configuration() {
    return config;
  }

  /** One drawn shape: its class, outline and colour. */
  record Drawn(int classIndex, Shape shape, int rgb) {}

  /** The shapes of sample drawn from {@code rng}, in drawing order (draws the same values generate does first). */
  List<Drawn> drawShapes(SplittableRandom rng) {
    int w = config.width(), h = config.height();
    int n = config.minShapes() + rng.nextInt(config.maxShapes() - config.minShapes() + 1);
    List<Drawn> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int cls = config.classes().sampleIndex(rng);
      double r = config.size().sample(rng);
      double cx = rng.nextDouble() * w, cy = rng.nextDouble() * h;
      double angle = rng.nextDouble() * 2 * Math.PI;
      double aspect = 0.5 + 0.5 * rng.nextDouble();
      int rgb = (40 + rng.nextInt(216)) << 16 | (40 + rng.nextInt(216)) << 8 | (40 + rng.nextInt(216));
      Shape unit = outline(config.classes().values().get(cls), aspect);
      AffineTransform at = new AffineTransform();
      at.translate(cx, cy);
      at.rotate(angle);
      at.scale(r, r);
      out.add(new Drawn(cls, at.createTransformedShape(unit), rgb));
    }
    return out;
  }

  /** The class's outline within the unit circle. */
  static Shape outline(String kind, double aspect) {
    return switch (kind) {
      case "circle" -> new Ellipse2D.Double(-1, -1, 2, 2);
      case "ellipse" -> new Ellipse2D.Double(-1, -aspect, 2, 2 * aspect);
      case "rectangle" -> {
        double a = Math.atan(aspect);
        yield new Rectangle2D.Double(-Math.cos(a), -Math.sin(a), 2 * Math.cos(a), 2 * Math.sin(a));
      }
      case "triangle" -> polygon(3, 1, 1);
      case "hexagon" -> polygon(6, 1, 1);
      case "star" -> polygon(10, 1, 0.45);
      default -> throw new IllegalArgumentException("unknown shape class: " + kind);
    };
  }

  private static Shape polygon(int corners, double outer, double inner) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < corners; i++) {
      double a = -Math.PI / 2 + 2 * Math.PI * i / corners;
      double r = i % 2 == 1 ? inner : outer;
      if (i == 0) {
        p.moveTo(r * Math.cos(a), r * Math.sin(a));
      } else {
        p.lineTo(r * Math.cos(a), r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  /**
   * The instance map: value {@code k + 1} where shape {@code k} is the topmost shape whose outline contains the
   * pixel centre.
   */
  static int[] rasterize(List<Drawn> shapes, int w, int h) {
    int[] ids = new int[w * h];
    for (int k = 0; k < shapes.size(); k++) {
      Shape s = shapes.get(k).shape();
      Rectangle2D b = s.getBounds2D();
      int x0 = Math.max(0, (int) Math.floor(b.getMinX())), x1 = Math.min(w - 1, (int) Math.ceil(b.getMaxX()));
      int y0 = Math.max(0, (int) Math.floor(b.getMinY())), y1 = Math.min(h - 1, (int) Math.ceil(b.getMaxY()));
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          if (s.contains(x + 0.5, y + 0.5)) {
            ids[y * w + x] = k + 1;
          }
        }
      }
    }
    return ids;
  }

  @Override
  public GeneratedSample generate(long index, SplittableRandom rng) {
    int w = config.width(), h = config.height();
    int bgR = rng.nextInt(256), bgG = rng.nextInt(256), bgB = rng.nextInt(256);
    List<Drawn> shapes = drawShapes(rng);
    int[] ids = rasterize(shapes, w, h);
    int n = shapes.size();
    int[] minX = new int[n + 1], minY = new int[n + 1], maxX = new int[n + 1], maxY = new int[n + 1];
    long[] count = new long[n + 1];
    java.util.Arrays.fill(minX, Integer.MAX_VALUE);
    java.util.Arrays.fill(minY, Integer.MAX_VALUE);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int id = ids[y * w + x];
        if (id > 0) {
          count[id]++;
          minX[id] = Math.min(minX[id], x);
          maxX[id] = Math.max(maxX[id], x);
          minY[id] = Math.min(minY[id], y);
          maxY[id] = Math.max(maxY[id], y);
        }
      }
    }
    int[] renumber = new int[n + 1];
    List<Box> boxes = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      if (count[id] > 0) {
        boxes.add(new Box(minX[id], minY[id], maxX[id] + 1, maxY[id] + 1, shapes.get(id - 1).classIndex()));
        renumber[id] = boxes.size();
      }
    }
    byte[] rgb = new byte[w * h * 3];
    byte[] mask = new byte[w * h];
    double sigma = config.noise();
    for (int p = 0; p < w * h; p++) {
      int id = ids[p];
      int r, g, b;
      if (id > 0) {
        int c = shapes.get(id - 1).rgb();
        r = c >>> 16 & 255;
        g = c >>> 8 & 255;
        b = c & 255;
      } else {
        r = bgR;
        g = bgG;
        b = bgB;
      }
      if (sigma > 0) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        int e = (int) Math.round(sigma * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        r += e;
        g += e;
        b += e;
      }
      rgb[3 * p] = (byte) clamp(r);
      rgb[3 * p + 1] = (byte) clamp(g);
      rgb[3 * p + 2] = (byte) clamp(b);
      mask[p] = (byte) renumber[id];
    }
    return GeneratedSample.builder()
        .setData(Png.encode(rgb, w, h, 3), "image/png")
        .addBlob(ShapesConfig.INSTANCES_BLOB, Png.encode(mask, w, h, 1), "image/png")
        .optLabel(new BoxesLabel(boxes))
        .addAttribute("shapesDrawn", n)
        .addAttribute("shapesHidden", n - boxes.size())
        .build();
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
