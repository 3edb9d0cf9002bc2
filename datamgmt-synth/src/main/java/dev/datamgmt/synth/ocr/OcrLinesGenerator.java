package dev.datamgmt.synth.ocr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.internal.FastPng;
import dev.datamgmt.synth.internal.PixelNoise;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Renders {@link OcrLinesConfig} samples; see there for the order of draws and the labels. */
final class OcrLinesGenerator implements Generator {
  static final String VERSION = "1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private final OcrLinesConfig config;
  private final TextSource source;
  private final List<Font> fonts;
  private final List<String> words;
  private final int[] colours;

  OcrLinesGenerator(OcrLinesConfig config, TextSource source) {
    this.config = config;
    this.source = source;
    this.fonts = List.copyOf(Fonts.load(config));
    this.words = List.copyOf(config.wordList());
    this.colours = config.textColours().values().stream().mapToInt(OcrLinesConfig::parseColour).toArray();
  }

  @Override
  public String name() {
    return OcrLinesConfig.NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Object configuration() {
    return source == null ? config : Map.of("config", config, "textSource", source.getClass().getName());
  }

  /** A character's or word's box in output pixels, xyxy. */
  record CharBox(int index, String ch, double[] box) {}

  /** A word and its box. */
  record WordBox(String text, double[] box) {}

  /** The drawn parameters of one line, before any pixel is touched. */
  record Params(String text, Font font, double spacing, int colour, boolean noiseBackground, int level,
      double skewDegrees, double blur, double noise) {}

  /** One rendered line: RGB pixels and the geometry. */
  record Rendered(Params params, int width, int height, int[] rgb, List<CharBox> chars, List<WordBox> words,
      AffineTransform transform, double originX, double originY) {}

  Params drawParams(long index, SplittableRandom rng) {
    String text;
    if (source != null) {
      text = source.text(index, rng);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text source gave no text for line " + index + ": \"" + text + "\"");
      }
    } else {
      int n = config.minWords() + rng.nextInt(config.maxWords() - config.minWords() + 1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(words.get(rng.nextInt(words.size())));
      }
      text = sb.toString();
    }
    Font base = fonts.get(rng.nextInt(fonts.size()));
    float size = (float) config.fontSize().sample(rng);
    double spacing = config.spacing().sample(rng);
    int colour = colours[config.textColours().sampleIndex(rng)];
    boolean noisy = config.backgrounds().sample(rng).equals("noise");
    int level = (int) Math.round(config.backgroundLevel().sample(rng));
    double skew = config.skew().sample(rng);
    double blur = config.blur().sample(rng);
    double noise = config.noise().sample(rng);
    if (source != null && base.canDisplayUpTo(text) >= 0) {
      throw new IllegalArgumentException("font " + base.getFontName() + " cannot display character "
          + base.canDisplayUpTo(text) + " of \"" + text + "\"");
    }
    return new Params(text, base.deriveFont(size), spacing, colour, noisy, level, skew, blur, noise);
  }

  /** Glyphs of {@code text} placed with the extra spacing. */
  static GlyphVector layout(Font font, String text, double spacing) {
    GlyphVector gv = font.createGlyphVector(FRC, text);
    if (gv.getNumGlyphs() != text.length()) {
      throw new IllegalArgumentException("text must map one char to one glyph (no surrogate pairs): \"" + text + "\"");
    }
    if (spacing != 0) {
      for (int i = 0; i <= text.length(); i++) {
        Point2D p = gv.getGlyphPosition(i);
        gv.setGlyphPosition(i, new Point2D.Double(p.getX() + i * spacing, p.getY()));
      }
    }
    return gv;
  }

  /**
   * Renders a line. With {@code onlyChar >= 0} only that character's glyph is drawn, at its place, on a zero
   * background with no noise or blur (the tests' view of one character's ink); the stream is consumed the same.
   */
  Rendered render(long index, SplittableRandom rng, int onlyChar) {
    Params p = drawParams(index, rng);
    GlyphVector gv = layout(p.font(), p.text(), p.spacing());
    LineMetrics lm = p.font().getLineMetrics(p.text(), FRC);
    int m = OcrLinesConfig.MARGIN;
    double ox = m, oy = m + Math.ceil(lm.getAscent());
    int w0 = (int) Math.ceil(gv.getGlyphPosition(p.text().length()).getX()) + 2 * m;
    int h0 = (int) Math.ceil(lm.getAscent()) + (int) Math.ceil(lm.getDescent()) + 2 * m;
    BufferedImage layer = new BufferedImage(w0, h0, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = layer.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setColor(new java.awt.Color(onlyChar >= 0 ? 0xffffff : p.colour()));
    if (onlyChar >= 0) {
      GlyphVector one = p.font().createGlyphVector(FRC, p.text().substring(onlyChar, onlyChar + 1));
      one.setGlyphPosition(0, gv.getGlyphPosition(onlyChar));
      g.drawGlyphVector(one, (float) ox, (float) oy);
    } else {
      g.drawGlyphVector(gv, (float) ox, (float) oy);
    }
    g.dispose();

    double theta = Math.toRadians(p.skewDegrees());
    double cos = Math.abs(Math.cos(theta)), sin = Math.abs(Math.sin(theta));
    double w1 = w0 * cos + h0 * sin, h1 = w0 * sin + h0 * cos;
    double s = config.height() > 0 ? config.height() / h1 : 1;
    int width = Math.max(1, (int) Math.round(w1 * s));
    int height = config.height() > 0 ? config.height() : (int) Math.ceil(h1);
    AffineTransform a = AffineTransform.getScaleInstance(s, s);
    a.translate(w1 / 2, h1 / 2);
    a.rotate(theta);
    a.translate(-w0 / 2.0, -h0 / 2.0);

    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    boolean plain = onlyChar >= 0;
    float[] gauss = !plain && (p.noiseBackground() || p.noise() > 0) ? new float[px.length] : null;
    if (!plain && p.noiseBackground()) {
      PixelNoise.fill(rng, gauss, px.length);
      float sigma = (float) config.backgroundNoise();
      for (int i = 0; i < px.length; i++) {
        int v = clamp(Math.round(p.level() + sigma * gauss[i]));
        px[i] = v << 16 | v << 8 | v;
      }
    } else {
      int v = plain ? 0 : p.level();
      java.util.Arrays.fill(px, v << 16 | v << 8 | v);
    }
    Graphics2D go = out.createGraphics();
    go.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    go.drawImage(layer, a, null);
    go.dispose();
    if (!plain) {
      if (p.blur() >= 0.3) {
        blur(px, width, height, p.blur());
      }
      if (p.noise() > 0) {
        PixelNoise.fill(rng, gauss, px.length);
        float sigma = (float) p.noise();
        for (int i = 0; i < px.length; i++) {
          int e = Math.round(sigma * gauss[i]);
          int c = px[i];
          px[i] = clamp((c >>> 16 & 255) + e) << 16 | clamp((c >>> 8 & 255) + e) << 8 | clamp((c & 255) + e);
        }
      }
    }

    AffineTransform full = new AffineTransform(a);
    full.translate(ox, oy);
    List<CharBox> chars = new ArrayList<>();
    List<WordBox> wordBoxes = new ArrayList<>();
    double[] word = null;
    int wordStart = 0;
    String text = p.text();
    for (int i = 0; i <= text.length(); i++) {
      boolean end = i == text.length() || Character.isWhitespace(text.charAt(i));
      if (end) {
        if (word != null) {
          wordBoxes.add(new WordBox(text.substring(wordStart, i), word));
          word = null;
        }
        continue;
      }
      Rectangle2D r = full.createTransformedShape(gv.getGlyphOutline(i)).getBounds2D();
      double[] box = {clampTo(r.getMinX(), width), clampTo(r.getMinY(), height), clampTo(r.getMaxX(), width),
          clampTo(r.getMaxY(), height)};
      if (r.isEmpty()) { // a glyph without ink (rare outside whitespace): a zero-size box at its place
        box[2] = box[0];
        box[3] = box[1];
      }
      chars.add(new CharBox(i, text.substring(i, i + 1), box));
      if (word == null) {
        word = box.clone();
        wordStart = i;
      } else {
        word[0] = Math.min(word[0], box[0]);
        word[1] = Math.min(word[1], box[1]);
        word[2] = Math.max(word[2], box[2]);
        word[3] = Math.max(word[3], box[3]);
      }
    }
    return new Rendered(p, width, height, px, chars, wordBoxes, full, ox, oy);
  }

  @Override
  public GeneratedSample generate(long index, SplittableRandom rng) {
    Rendered r = render(index, rng, -1);
    return GeneratedSample.builder()
        .setData(FastPng.encodeRgb(r.rgb(), r.width(), r.height()), "image/png")
        .addBlob(OcrLinesConfig.BOXES_BLOB, boxesJson(r), "application/json")
        .optLabel(TextLabel.of(r.params().text()))
        .addAttribute("font", r.params().font().getFontName())
        .addAttribute("fontSize", (double) r.params().font().getSize2D())
        .addAttribute("skew", r.params().skewDegrees())
        .build();
  }

  static byte[] boxesJson(Rendered r) {
    List<Map<String, Object>> chars = new ArrayList<>();
    for (CharBox c : r.chars()) {
      chars.add(new java.util.LinkedHashMap<>(Map.of("index", c.index(), "char", c.ch(), "box", c.box())));
    }
    List<Map<String, Object>> words = new ArrayList<>();
    for (WordBox w : r.words()) {
      words.add(new java.util.LinkedHashMap<>(Map.of("text", w.text(), "box", w.box())));
    }
    try {
      return JSON.writer().with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsBytes(Map.of("chars", chars, "words", words));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double clampTo(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }

  /** Separable Gaussian blur of packed RGB, radius ceil(3 sigma), edges clamped; float planes, one per channel. */
  static void blur(int[] px, int w, int h, double sigma) {
    int rad = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * rad + 1];
    double sum = 0;
    for (int i = -rad; i <= rad; i++) {
      sum += Math.exp(-i * i / (2 * sigma * sigma));
    }
    for (int i = -rad; i <= rad; i++) {
      k[i + rad] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
    }
    int n = w * h;
    float[][] planes = new float[3][n];
    for (int i = 0; i < n; i++) {
      int c = px[i];
      planes[0][i] = c >>> 16 & 255;
      planes[1][i] = c >>> 8 & 255;
      planes[2][i] = c & 255;
    }
    float[] tmp = new float[n];
    for (float[] plane : planes) {
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
          float acc = 0;
          for (int t = -rad; t <= rad; t++) {
            int xx = x + t;
            acc += k[t + rad] * plane[row + (xx < 0 ? 0 : xx >= w ? w - 1 : xx)];
          }
          tmp[row + x] = acc;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float acc = 0;
          for (int t = -rad; t <= rad; t++) {
            int yy = y + t;
            acc += k[t + rad] * tmp[(yy < 0 ? 0 : yy >= h ? h - 1 : yy) * w + x];
          }
          plane[y * w + x] = acc;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      px[i] = clamp(Math.round(planes[0][i])) << 16 | clamp(Math.round(planes[1][i])) << 8
          | clamp(Math.round(planes[2][i]));
    }
  }
}
