package dev.datamgmt.augment.preview;

import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders a grid of augmented variants of one sample: variant {@code k} is the sample as epoch {@code k} sees
 * it, with its boxes (coloured by class), visible keypoints (dots) and mask (tinted) drawn on top. The first cell
 * is the original.
 *
 * <pre>{@code
 * try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline).build()) {
 *   Preview.writePng(Preview.render(aug, sample, 15, 4, 2), Path.of("preview.png"));
 * }
 * }</pre>
 */
public final class Preview {
  private static final Color[] PALETTE = {
    new Color(230, 25, 75), new Color(60, 180, 75), new Color(255, 225, 25), new Color(0, 130, 200),
    new Color(245, 130, 48), new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230)
  };
  private static final int GAP = 4;

  private Preview() {}

  /**
   * Renders the original plus {@code variants} augmented versions of {@code sample}.
   *
   * @param augmenter runs the pipeline (its sample index is taken as 0; variant k uses epoch k)
   * @param sample the sample to show
   * @param variants how many augmented versions, {@code >= 1}
   * @param columns cells per row, {@code >= 1}
   * @param scale integer zoom (nearest-neighbour), {@code >= 1}, for small images
   * @throws InvalidDataException if the sample is malformed
   */
  public static BufferedImage render(CpuAugmenter augmenter, ImageSample sample, int variants, int columns, int scale)
      throws InvalidDataException {
    if (variants < 1 || columns < 1 || scale < 1) {
      throw new IllegalArgumentException(
          "preview needs variants, columns and scale >= 1: " + variants + ", " + columns + ", " + scale);
    }
    int cells = variants + 1;
    ImageSample[] shown = new ImageSample[cells];
    shown[0] = sample;
    int cw = sample.image().width(), ch = sample.image().height();
    for (int k = 1; k < cells; k++) {
      shown[k] = augmenter.apply(sample, k - 1, 0);
      cw = Math.max(cw, shown[k].image().width());
      ch = Math.max(ch, shown[k].image().height());
    }
    int rows = (cells + columns - 1) / columns;
    int cellW = cw * scale, cellH = ch * scale;
    BufferedImage out = new BufferedImage(columns * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(new Color(40, 40, 40));
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      for (int k = 0; k < cells; k++) {
        int x0 = GAP + (k % columns) * (cellW + GAP), y0 = GAP + (k / columns) * (cellH + GAP);
        drawCell(g, shown[k], x0, y0, scale);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void drawCell(Graphics2D g, ImageSample s, int x0, int y0, int scale) {
    Raster img = s.image();
    BufferedImage pixels = displayable(img);
    int w = img.width(), h = img.height();
    g.drawImage(pixels, x0, y0, w * scale, h * scale, null);
    SegmentationMask mask = s.mask();
    if (mask != null) {
      for (int y = 0; y < mask.height(); y++) {
        for (int x = 0; x < mask.width(); x++) {
          int c = mask.get(x, y);
          if (c != 0) {
            Color p = PALETTE[c % PALETTE.length];
            g.setColor(new Color(p.getRed(), p.getGreen(), p.getBlue(), 90));
            g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
          }
        }
      }
    }
    g.setStroke(new BasicStroke(Math.max(1, scale / 2f + 0.5f)));
    for (Box b : s.boxes()) {
      double sx = s.boxFormat() == BoxFormat.NORMALIZED_XYXY ? w : 1;
      double sy = s.boxFormat() == BoxFormat.NORMALIZED_XYXY ? h : 1;
      g.setColor(PALETTE[b.classIndex() % PALETTE.length]);
      g.drawRect(x0 + (int) Math.round(b.x1() * sx * scale), y0 + (int) Math.round(b.y1() * sy * scale),
          (int) Math.round(b.width() * sx * scale), (int) Math.round(b.height() * sy * scale));
    }
    g.setColor(Color.WHITE);
    for (Keypoint k : s.keypoints()) {
      if (k.visibility() != Keypoint.NOT_LABELED) {
        int r = Math.max(2, scale);
        g.fillOval(x0 + (int) Math.round(k.x() * scale) - r, y0 + (int) Math.round(k.y() * scale) - r, 2 * r, 2 * r);
      }
    }
  }

  /** Normalized float images are stretched back to [0, 1] per image so they can be looked at. */
  private static BufferedImage displayable(Raster img) {
    float[] f = img.floatArray();
    if (f == null) {
      return img.toBufferedImage();
    }
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    for (float v : f) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min >= 0 && max <= 1) {
      return img.toBufferedImage();
    }
    float[] g = new float[f.length];
    float range = max - min < 1e-6f ? 1 : max - min;
    for (int i = 0; i < f.length; i++) {
      g[i] = (f[i] - min) / range;
    }
    return Raster.wrapFloat(img.channels(), img.height(), img.width(), g).toBufferedImage();
  }

  /** Writes {@code image} as PNG to {@code path}, creating parent folders. */
  public static void writePng(BufferedImage image, Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", path.toFile())) {
      throw new IOException("no PNG writer available for " + path);
    }
  }
}
