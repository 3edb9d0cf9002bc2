package dev.datamgmt.synth.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.GenerationException;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A grid of samples with their labels drawn on, as one PNG a person opens to judge realism in a second: boxes
 * ({@code BoxesLabel}) in a colour per class, instance masks (a blob named {@code instances}) tinted per instance,
 * OCR character boxes (thin green), word boxes (thick red) and line boxes (thin blue) from a blob named
 * {@code boxes}, the text (first line) or class as a caption, key fields ({@code total}, {@code date}) of images,
 * and for attribute-only samples (table rows) the attributes as text.
 *
 * <pre>{@code
 * byte[] png = PreviewGrid.builder(generator).setSeed(7).optRange(0, 16).optColumns(4).build().render();
 * }</pre>
 */
public final class PreviewGrid {
  private static final Color[] PALETTE = {new Color(0xe6194b), new Color(0x3cb44b), new Color(0x4363d8),
      new Color(0xf58231), new Color(0x911eb4), new Color(0x42d4f4), new Color(0xf032e6), new Color(0xbfef45)};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Generator generator;
  private final long seed;
  private final long from;
  private final int count;
  private final int columns;
  private final int tileWidth;
  private final boolean labels;

  private PreviewGrid(Builder b) {
    this.generator = b.generator;
    this.seed = b.seed;
    this.from = b.from;
    this.count = b.count;
    this.columns = b.columns;
    this.tileWidth = b.tileWidth;
    this.labels = b.labels;
  }

  /** Starts a preview of {@code generator}. */
  public static Builder builder(Generator generator) {
    return new Builder(Objects.requireNonNull(generator, "generator"));
  }

  /**
   * Generates the samples and draws the grid.
   *
   * @return PNG bytes
   * @throws GenerationException if the generator fails on a sample
   */
  public byte[] render() throws GenerationException {
    List<BufferedImage> tiles = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      tiles.add(tile(Synth.sample(generator, seed, i), i));
    }
    int rows = (tiles.size() + columns - 1) / columns;
    int[] rowHeight = new int[rows];
    for (int t = 0; t < tiles.size(); t++) {
      rowHeight[t / columns] = Math.max(rowHeight[t / columns], tiles.get(t).getHeight());
    }
    int gap = 4;
    int width = columns * (tileWidth + gap) + gap;
    int height = gap;
    for (int h : rowHeight) {
      height += h + gap;
    }
    BufferedImage grid = new BufferedImage(width, Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(new Color(0x303030));
    g.fillRect(0, 0, width, height);
    int y = gap;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns && r * columns + c < tiles.size(); c++) {
        g.drawImage(tiles.get(r * columns + c), gap + c * (tileWidth + gap), y, null);
      }
      y += rowHeight[r] + gap;
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(grid, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private BufferedImage tile(GeneratedSample s, long index) {
    BufferedImage image = null;
    if (s.data() != null && s.data().mediaType().startsWith("image/")) {
      image = decode(s.data().bytes());
    }
    List<String> captions = new ArrayList<>();
    captions.add("#" + index);
    Label label = s.label().orElse(null);
    if (label instanceof TextLabel t) {
      captions.add(t.text().lines().findFirst().orElse(""));
    } else if (label instanceof ClassLabel c) {
      captions.add("class " + c.index());
    }
    if (image != null) {
      for (String key : List.of("total", "date")) {
        if (s.attributes().containsKey(key)) {
          captions.add(key + " = " + s.attributes().get(key));
        }
      }
    } else {
      for (Map.Entry<String, Object> a : s.attributes().entrySet()) {
        Object v = a.getValue();
        captions.add(a.getKey() + " = " + (v instanceof Double d ? String.format("%.4g", d) : v));
      }
    }
    double scale = image == null ? 1 : tileWidth / (double) image.getWidth();
    int imageHeight = image == null ? 0 : Math.max(1, (int) Math.round(image.getHeight() * scale));
    int lineHeight = 13;
    BufferedImage tile = new BufferedImage(tileWidth, imageHeight + lineHeight * captions.size() + 4,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = tile.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, tile.getWidth(), tile.getHeight());
    if (image != null) {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(image, 0, 0, tileWidth, imageHeight, null);
      if (labels) {
        drawLabels(g, s, image, scale);
      }
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i < captions.size(); i++) {
      g.drawString(captions.get(i), 2, imageHeight + lineHeight * (i + 1));
    }
    g.dispose();
    return tile;
  }

  private static void drawLabels(Graphics2D g, GeneratedSample s, BufferedImage image, double scale) {
    GeneratedSample.Blob instances = s.extraBlobs().get("instances");
    if (instances != null) {
      BufferedImage mask = decode(instances.bytes());
      BufferedImage tint = new BufferedImage(mask.getWidth(), mask.getHeight(), BufferedImage.TYPE_INT_ARGB);
      for (int y = 0; y < mask.getHeight(); y++) {
        for (int x = 0; x < mask.getWidth(); x++) {
          int id = mask.getRaster().getSample(x, y, 0);
          if (id > 0) {
            tint.setRGB(x, y, 0x70000000 | (PALETTE[(id - 1) % PALETTE.length].getRGB() & 0xffffff));
          }
        }
      }
      g.drawImage(tint, 0, 0, (int) Math.round(mask.getWidth() * scale), (int) Math.round(mask.getHeight() * scale),
          null);
    }
    if (s.label().orElse(null) instanceof BoxesLabel boxes) {
      g.setStroke(new BasicStroke(1.5f));
      for (Box b : boxes.boxes()) {
        g.setColor(PALETTE[b.classIndex() % PALETTE.length]);
        g.draw(new Rectangle2D.Double(b.x1() * scale, b.y1() * scale, b.width() * scale, b.height() * scale));
      }
    }
    GeneratedSample.Blob ocr = s.extraBlobs().get("boxes");
    if (ocr != null && ocr.mediaType().equals("application/json")) {
      try {
        JsonNode root = JSON.readTree(ocr.bytes());
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0x3cb44b));
        for (JsonNode c : root.path("chars")) {
          drawBox(g, c.get("box"), scale);
        }
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(0xe6194b));
        for (JsonNode w : root.path("words")) {
          drawBox(g, w.get("box"), scale);
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0x4363d8));
        for (JsonNode l : root.path("lines")) {
          drawBox(g, l.get("box"), scale);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void drawBox(Graphics2D g, JsonNode box, double scale) {
    double x1 = box.get(0).asDouble(), y1 = box.get(1).asDouble(), x2 = box.get(2).asDouble();
    double y2 = box.get(3).asDouble();
    g.draw(new Rectangle2D.Double(x1 * scale, y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale));
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalArgumentException("preview: a blob marked as an image could not be decoded");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a {@link PreviewGrid}; the seed is required. */
  public static final class Builder {
    private final Generator generator;
    private Long seedSet;
    private long seed;
    private long from = 0;
    private int count = 16;
    private int columns = 4;
    private int tileWidth = 192;
    private boolean labels = true;

    private Builder(Generator generator) {
      this.generator = generator;
    }

    /** The generator seed (required). */
    public Builder setSeed(long seed) {
      this.seed = seed;
      this.seedSet = seed;
      return this;
    }

    /** The samples shown, {@code [from, to)} (default 0..16). */
    public Builder optRange(long from, long to) {
      if (from < 0 || to <= from || to - from > 1024) {
        throw new InvalidSettingException("preview.range", "0 <= from < to, at most 1024 samples",
            "[" + from + ", " + to + ")");
      }
      this.from = from;
      this.count = (int) (to - from);
      return this;
    }

    /** Tiles per row (default 4). */
    public Builder optColumns(int columns) {
      if (columns < 1) {
        throw new InvalidSettingException("preview.columns", ">= 1", columns);
      }
      this.columns = columns;
      return this;
    }

    /** Tile width in pixels; images are scaled to it (default 192). */
    public Builder optTileWidth(int tileWidth) {
      if (tileWidth < 16) {
        throw new InvalidSettingException("preview.tileWidth", ">= 16", tileWidth);
      }
      this.tileWidth = tileWidth;
      return this;
    }

    /** Whether labels are drawn (default true). */
    public Builder optLabels(boolean labels) {
      this.labels = labels;
      return this;
    }

    /** Builds. @throws IllegalStateException if the seed was not set */
    public PreviewGrid build() {
      if (seedSet == null) {
        throw new IllegalStateException("seed was not set; call setSeed");
      }
      return new PreviewGrid(this);
    }
  }
}
