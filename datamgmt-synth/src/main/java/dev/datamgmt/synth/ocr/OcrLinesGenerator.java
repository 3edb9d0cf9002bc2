package dev.datamgmt.synth.ocr;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.internal.Effects;
import dev.datamgmt.synth.internal.FastPng;
import dev.datamgmt.synth.internal.PixelNoise;
import dev.datamgmt.synth.internal.Warp;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Renders {@link OcrLinesConfig} samples; see there for the order of draws and the labels. */
final class OcrLinesGenerator implements Generator {
  static final String VERSION = "2";
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
  /** Each thread renders glyph coverage into one reused gray raster, grown as lines need. */
  private static final ThreadLocal<Layer> LAYER = new ThreadLocal<>();

  private final OcrLinesConfig config;
  private final TextSource source;
  private final List<Font> fonts;
  private final List<String> words;
  private final int[] colours;
  private final List<BackgroundImages.Image> images;
  /** Fonts derived per (font, whole-pixel size): a size is derived and its glyphs rasterised once. */
  private final ConcurrentHashMap<Integer, Sized> sized = new ConcurrentHashMap<>();

  OcrLinesGenerator(OcrLinesConfig config, TextSource source) {
    this.config = config;
    this.source = source;
    this.fonts = List.copyOf(Fonts.load(config));
    this.words = List.copyOf(config.wordList());
    this.colours = config.textColours().values().stream().mapToInt(OcrLinesConfig::parseColour).toArray();
    this.images = config.backgroundFolder() == null ? List.of()
        : BackgroundImages.load(java.nio.file.Path.of(config.backgroundFolder()));
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

  /**
   * A font at one size with its line metrics, and the outlines of its glyphs at the origin (filled as lines need
   * them; see {@link #glyphOutline}).
   */
  record Sized(Font font, double ascent, double descent, ConcurrentHashMap<Integer, GeneralPath> outlines) {
    Sized(Font font, double ascent, double descent) {
      this(font, ascent, descent, new ConcurrentHashMap<>());
    }
  }

  /**
   * Glyph {@code i}'s outline where {@code gv} places it: exactly {@code gv.getGlyphOutline(i)}, coordinate for
   * coordinate, for a vector of {@code sized}'s font without glyph transforms (Java2D too takes the glyph's
   * outline at the origin and translates a copy of it to the glyph's float position, skipping a zero translation;
   * a property test compares the two). The outlines at the origin are kept here: Java2D keeps them only weakly, so
   * every garbage collection emptied its cache, and each miss asked the font scaler again under its lock, where two
   * generating threads waited on each other.
   */
  static GeneralPath glyphOutline(Sized sized, GlyphVector gv, int i) {
    GeneralPath base = sized.outlines().computeIfAbsent(gv.getGlyphCode(i),
        code -> (GeneralPath) sized.font().createGlyphVector(FRC, new int[] {code}).getGlyphOutline(0));
    Point2D at = gv.getGlyphPosition(i);
    float x = (float) at.getX();
    float y = (float) at.getY();
    GeneralPath gp = (GeneralPath) base.clone();
    if (x != 0f || y != 0f) {
      gp.transform(AffineTransform.getTranslateInstance(x, y));
    }
    return gp;
  }

  /** A character's or word's box in output pixels, xyxy. */
  record CharBox(int index, String ch, double[] box) {}

  /** A word and its box. */
  record WordBox(String text, double[] box) {}

  /**
   * The drawn parameters of one line, before any pixel is touched. {@code corners} (8 offsets in [-1, 1]) is null
   * without perspective; {@code sineAmplitude} 0 without a sine wave; {@code jpegQuality} 0 without JPEG;
   * {@code image} -1 unless the background is an image.
   */
  record Params(String text, Sized font, double spacing, int colour, String background, int level,
      double skewDegrees, double blur, double noise, double perspective, double[] corners, double sineAmplitude,
      double sinePeriod, double sinePhase, double motionLength, double motionAngle, int jpegQuality, int image,
      int imageX, int imageY, int waves, double waveFrequency, double wavePhase) {}

  /** One rendered line: RGB pixels and the geometry. */
  record Rendered(Params params, int width, int height, int[] rgb, List<CharBox> chars, List<WordBox> words,
      AffineTransform transform, Warp warp) {}

  /** A reusable 8-bit coverage raster and its graphics (white text, antialiased, fractional metrics). */
  private static final class Layer {
    final BufferedImage image;
    final byte[] bytes;
    final Graphics2D g;

    Layer(int w, int h) {
      image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      bytes = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setColor(java.awt.Color.WHITE);
    }

    static Layer get(int w, int h) {
      Layer l = LAYER.get();
      if (l == null || l.image.getWidth() < w || l.image.getHeight() < h) {
        if (l != null) {
          l.g.dispose();
        }
        l = new Layer(Math.max(w, l == null ? 0 : l.image.getWidth()), Math.max(h, l == null ? 0
            : l.image.getHeight()));
        LAYER.set(l);
      }
      int stride = l.image.getWidth();
      for (int y = 0; y < h; y++) {
        java.util.Arrays.fill(l.bytes, y * stride, y * stride + w, (byte) 0);
      }
      l.g.setClip(0, 0, w, h);
      return l;
    }
  }

  private Sized sized(int fontIndex, int size) {
    return sized.computeIfAbsent(fontIndex * 1024 + size, k -> {
      Font f = fonts.get(fontIndex).deriveFont((float) size);
      LineMetrics lm = f.getLineMetrics("Hg", FRC);
      return new Sized(f, lm.getAscent(), lm.getDescent());
    });
  }

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
    int fontIndex = rng.nextInt(fonts.size());
    int size = (int) Math.round(config.fontSize().sample(rng));
    double spacing = config.spacing().sample(rng);
    int colour = colours[config.textColours().sampleIndex(rng)];
    String background = config.backgrounds().sample(rng);
    int level = (int) Math.round(config.backgroundLevel().sample(rng));
    double skew = config.skew().sample(rng);
    double blur = config.blur().sample(rng);
    double noise = config.noise().sample(rng);
    double perspective = 0;
    double[] corners = null;
    if (config.perspective() != null) {
      perspective = config.perspective().sample(rng);
      corners = new double[8];
      for (int k = 0; k < 8; k++) {
        corners[k] = 2 * rng.nextDouble() - 1;
      }
    }
    double amp = 0, period = 0, phase = 0;
    if (config.sineAmplitude() != null) {
      amp = config.sineAmplitude().sample(rng);
      period = config.sinePeriod().sample(rng);
      phase = 2 * Math.PI * rng.nextDouble();
    }
    double motion = 0, motionAngle = 0;
    if (config.motionBlur() != null) {
      motion = config.motionBlur().sample(rng);
      motionAngle = 180 * rng.nextDouble();
    }
    int jpeg = config.jpegQuality() == null ? 0 : (int) Math.round(config.jpegQuality().sample(rng));
    int image = -1, imageX = 0, imageY = 0;
    if (background.equals("image")) {
      image = rng.nextInt(images.size());
      imageX = rng.nextInt(images.get(image).width());
      imageY = rng.nextInt(images.get(image).height());
    }
    int waves = 0;
    double waveFrequency = 0, wavePhase = 0;
    if (background.equals("quasicrystal")) {
      waves = 3 + rng.nextInt(5);
      waveFrequency = 0.05 + 0.3 * rng.nextDouble();
      wavePhase = 2 * Math.PI * rng.nextDouble();
    }
    Sized font = sized(fontIndex, size);
    if (source != null && font.font().canDisplayUpTo(text) >= 0) {
      throw new IllegalArgumentException("font " + font.font().getFontName() + " cannot display character "
          + font.font().canDisplayUpTo(text) + " of \"" + text + "\"");
    }
    return new Params(text, font, spacing, colour, background, level, skew, blur, noise, perspective, corners, amp,
        period, phase, motion, motionAngle, jpeg, image, imageX, imageY, waves, waveFrequency, wavePhase);
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
   * background with no blur, noise or JPEG (the tests' view of one character's ink); the stream is consumed the
   * same up to the pixel noise.
   */
  Rendered render(long index, SplittableRandom rng, int onlyChar) {
    Params p = drawParams(index, rng);
    Font font = p.font().font();
    GlyphVector gv = layout(font, p.text(), p.spacing());
    int m = OcrLinesConfig.MARGIN;
    double ox = m, oy = m + Math.ceil(p.font().ascent());
    int w0 = (int) Math.ceil(gv.getGlyphPosition(p.text().length()).getX()) + 2 * m;
    int h0 = (int) Math.ceil(p.font().ascent()) + (int) Math.ceil(p.font().descent()) + 2 * m;
    Layer layer = Layer.get(w0, h0);
    if (onlyChar >= 0) {
      GlyphVector one = font.createGlyphVector(FRC, p.text().substring(onlyChar, onlyChar + 1));
      one.setGlyphPosition(0, gv.getGlyphPosition(onlyChar));
      layer.g.drawGlyphVector(one, (float) ox, (float) oy);
    } else {
      layer.g.drawGlyphVector(gv, (float) ox, (float) oy);
    }

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
    Warp warp = warp(p, width, height);

    int[] px = new int[width * height];
    boolean plain = onlyChar >= 0;
    float[] gauss = !plain && p.noise() > 0 ? new float[px.length] : null;
    if (plain) {
      java.util.Arrays.fill(px, 0);
    } else if (p.background().equals("noise")) {
      PixelNoise.fillGray(rng, px, p.level(), (float) config.backgroundNoise());
    } else if (p.background().equals("quasicrystal")) {
      quasicrystal(px, width, height, p);
    } else if (p.background().equals("image")) {
      BackgroundImages.Image img = images.get(p.image());
      for (int y = 0; y < height; y++) {
        int sy = (p.imageY() + y) % img.height();
        for (int x = 0; x < width; x++) {
          px[y * width + x] = img.rgb()[sy * img.width() + (p.imageX() + x) % img.width()];
        }
      }
    } else {
      int v = p.level();
      java.util.Arrays.fill(px, v << 16 | v << 8 | v);
    }
    Effects.composite(px, width, height, layer.bytes, w0, h0, layer.image.getWidth(), a, warp,
        plain ? 0xffffff : p.colour());
    if (!plain) {
      if (p.blur() >= 0.3) {
        Effects.gaussianBlur(px, width, height, p.blur());
      }
      if (p.motionLength() >= 2) {
        Effects.motionBlur(px, width, height, p.motionLength(), p.motionAngle());
      }
      if (p.noise() > 0) {
        Effects.noise(px, gauss, rng, p.noise());
      }
      if (p.jpegQuality() > 0) {
        Effects.jpegArtefacts(px, width, height, p.jpegQuality());
      }
    }

    AffineTransform full = new AffineTransform(a);
    full.translate(ox, oy);
    List<CharBox> chars = new ArrayList<>();
    List<WordBox> wordBoxes = new ArrayList<>();
    if (!config.withBoxes() && !plain) {
      return new Rendered(p, width, height, px, chars, wordBoxes, full, warp);
    }
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
      double[] r = Warp.bounds(glyphOutline(p.font(), gv, i), full, warp);
      double[] box;
      if (r == null) { // a glyph without ink (rare outside whitespace): a zero-size box at its place
        double[] at = {gv.getGlyphPosition(i).getX(), gv.getGlyphPosition(i).getY()};
        full.transform(at, 0, at, 0, 1);
        if (warp != null) {
          warp.forward(at);
        }
        box = new double[] {clampTo(at[0], width), clampTo(at[1], height), clampTo(at[0], width),
            clampTo(at[1], height)};
      } else {
        box = new double[] {clampTo(r[0], width), clampTo(r[1], height), clampTo(r[2], width),
            clampTo(r[3], height)};
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
    return new Rendered(p, width, height, px, chars, wordBoxes, full, warp);
  }

  /**
   * A quasicrystal: {@code waves} plane waves at evenly turned angles; their mean cosine, mapped to [0, 1], darkens
   * the background level by up to 64.
   */
  private static void quasicrystal(int[] px, int width, int height, Params p) {
    int k = p.waves();
    double[] cx = new double[k], cy = new double[k];
    for (int j = 0; j < k; j++) {
      double a = Math.PI * j / k;
      cx[j] = Math.cos(a) * p.waveFrequency();
      cy[j] = Math.sin(a) * p.waveFrequency();
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += StrictMath.cos(cx[j] * x + cy[j] * y + p.wavePhase()); // the same bits on every machine
        }
        int v = Effects.clamp((int) Math.round(p.level() - 64 * (sum / k + 1) / 2));
        px[y * width + x] = v << 16 | v << 8 | v;
      }
    }
  }

  /** The non-affine part of a line's geometry in output pixels: perspective, then the sine wave; null if none. */
  static Warp warp(Params p, int width, int height) {
    Warp w = null;
    if (p.corners() != null && p.perspective() > 0) {
      double d = p.perspective() * height;
      double[] from = {0, 0, width, 0, width, height, 0, height};
      double[] to = new double[8];
      for (int k = 0; k < 8; k++) {
        to[k] = from[k] + d * p.corners()[k];
      }
      w = Warp.perspective(from, to);
    }
    if (p.sineAmplitude() > 0) {
      Warp sine = Warp.sine(p.sineAmplitude(), p.sinePeriod(), p.sinePhase());
      w = w == null ? sine : w.then(sine);
    }
    return w;
  }

  @Override
  public GeneratedSample generate(long index, SplittableRandom rng) {
    Rendered r = render(index, rng, -1);
    GeneratedSample.Builder b = GeneratedSample.builder();
    if (config.withBoxes()) {
      b.addBlob(OcrLinesConfig.BOXES_BLOB, boxesJson(r), "application/json");
    }
    return b.setData(FastPng.encodeRgb(r.rgb(), r.width(), r.height()), "image/png")
        .optLabel(TextLabel.of(r.params().text()))
        .addAttribute("font", r.params().font().font().getFontName())
        .addAttribute("fontSize", (double) r.params().font().font().getSize2D())
        .addAttribute("skew", r.params().skewDegrees())
        .build();
  }

  /**
   * {@code {"chars":[{"box":[x1,y1,x2,y2],"char":"H","index":0},...],"words":[{"box":[...],"text":"Hello"},...]}}:
   * keys sorted, no whitespace, numbers as Java prints doubles (what Jackson writes for the same maps).
   */
  static byte[] boxesJson(Rendered r) {
    StringBuilder sb = new StringBuilder(64 + 64 * r.chars().size());
    sb.append("{\"chars\":[");
    for (int k = 0; k < r.chars().size(); k++) {
      CharBox c = r.chars().get(k);
      sb.append(k == 0 ? "{\"box\":" : ",{\"box\":");
      box(sb, c.box());
      sb.append(",\"char\":\"").append(ENCODER.quoteAsString(c.ch())).append("\",\"index\":").append(c.index())
          .append('}');
    }
    sb.append("],\"words\":[");
    for (int k = 0; k < r.words().size(); k++) {
      WordBox w = r.words().get(k);
      sb.append(k == 0 ? "{\"box\":" : ",{\"box\":");
      box(sb, w.box());
      sb.append(",\"text\":\"").append(ENCODER.quoteAsString(w.text())).append("\"}");
    }
    sb.append("]}");
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  private static void box(StringBuilder sb, double[] b) {
    sb.append('[').append(b[0]).append(',').append(b[1]).append(',').append(b[2]).append(',').append(b[3]).append(']');
  }

  private static double clampTo(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
