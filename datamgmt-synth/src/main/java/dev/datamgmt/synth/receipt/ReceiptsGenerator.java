package dev.datamgmt.synth.receipt;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.internal.Effects;
import dev.datamgmt.synth.internal.PixelNoise;
import dev.datamgmt.synth.internal.Warp;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Renders {@link ReceiptsConfig} samples; see there for the order of draws and the labels. */
final class ReceiptsGenerator implements Generator {
  static final String VERSION = "1";
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
  private static final int INK = 0x262626;

  private final ReceiptsConfig config;
  private final List<Font> fonts;
  private final LocalDate from;
  private final long days;

  ReceiptsGenerator(ReceiptsConfig config) {
    this.config = config;
    this.fonts = List.copyOf(config.fonts());
    this.from = LocalDate.parse(config.dateFrom());
    this.days = ChronoUnit.DAYS.between(from, LocalDate.parse(config.dateTo())) + 1;
  }

  @Override
  public String name() {
    return ReceiptsConfig.NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Object configuration() {
    return config;
  }

  /** A word, the line it is on, and its box in output pixels (xyxy). */
  record Word(String text, int line, double[] box) {}

  /** A text line and its box (the union of its words'). */
  record Line(String text, double[] box) {}

  /** One rendered receipt: RGB pixels before JPEG, the boxes and the key fields. */
  record Rendered(int width, int height, int[] rgb, int jpegQuality, List<Line> lines, List<Word> words,
      long subtotal, long tax, long total, String date, int items) {}

  /** A piece of text drawn at one place: its glyphs and the index of its first word on its line. */
  private record Piece(String text, double x, double baseline, int line, int firstWord) {}

  /**
   * Renders a receipt. With {@code onlyWord >= 0} only that word's glyphs are drawn, white, on black paper and a
   * black surface, with no rule, barcode, lighting, blur, noise or JPEG (the tests' view of one word's ink).
   */
  Rendered render(long index, SplittableRandom rng, int onlyWord) {
    ReceiptsConfig c = config;
    Font font = fonts.get(rng.nextInt(fonts.size())).deriveFont((float) Math.round(c.fontSize().sample(rng)));
    String shop = c.shops().get(rng.nextInt(c.shops().size()));
    int receiptNo = 1000 + rng.nextInt(900_000);
    LocalDate date = from.plusDays(rng.nextLong(days));
    String time = String.format("%02d:%02d", 7 + rng.nextInt(15), rng.nextInt(60));
    int n = c.minItems() + rng.nextInt(c.maxItems() - c.minItems() + 1);
    List<String[]> itemLines = new ArrayList<>();
    long subtotal = 0;
    for (int i = 0; i < n; i++) {
      String name = c.items().get(rng.nextInt(c.items().size()));
      int qty = 1 + rng.nextInt(c.maxQuantity());
      long cents = Math.max(1, Math.round(c.unitPrice().sample(rng) * 100));
      subtotal += qty * cents;
      itemLines.add(new String[] {name + " " + qty + " x " + ReceiptLayout.money(cents),
          ReceiptLayout.money(qty * cents)});
    }
    long taxTenths = Math.round(c.taxPercent().sample(rng) * 10);
    long tax = (subtotal * taxTenths + 500) / 1000;
    long total = subtotal + tax;
    int[] bars = new int[48];
    for (int i = 0; i < bars.length; i++) {
      bars[i] = 1 + rng.nextInt(3);
    }
    int paperLevel = 228 + rng.nextInt(28);

    LineMetrics lm = font.getLineMetrics("Hg", FRC);
    double ascent = Math.ceil(lm.getAscent());
    int lineHeight = (int) Math.ceil((lm.getAscent() + lm.getDescent()) * 1.3);
    int w = c.paperWidth();
    int pad = ReceiptLayout.PAD;
    List<Piece> pieces = new ArrayList<>();
    List<String> lineTexts = new ArrayList<>();
    double[] y = {pad + ascent};
    java.util.function.BiConsumer<String, String> line = (left, right) -> {
      int k = lineTexts.size();
      double lx = right == null && left.equals(shop) ? (w - width(font, left)) / 2 : pad;
      pieces.add(new Piece(left, lx, y[0], k, 0));
      if (right != null) {
        pieces.add(new Piece(right, w - pad - width(font, right), y[0], k, left.split(" ").length));
      }
      lineTexts.add(right == null ? left : left + " " + right);
      y[0] += lineHeight;
    };
    line.accept(shop, null);
    line.accept("Receipt No. " + receiptNo, null);
    line.accept(date + " " + time, null);
    y[0] += lineHeight / 2.0;
    for (String[] item : itemLines) {
      line.accept(item[0], item[1]);
    }
    double rule = y[0] - ascent + lineHeight / 4.0;
    y[0] += lineHeight / 2.0;
    line.accept("SUBTOTAL", ReceiptLayout.money(subtotal));
    line.accept("TAX " + ReceiptLayout.percent(taxTenths), ReceiptLayout.money(tax));
    line.accept("TOTAL " + c.currency(), ReceiptLayout.money(total));
    double barTop = y[0] - ascent + lineHeight / 2.0;
    int barHeight = Math.max(24, lineHeight * 2);
    int h = (int) Math.ceil(barTop + barHeight + pad);

    // paper: text, rule and barcode in paper pixels
    boolean plain = onlyWord >= 0;
    BufferedImage paperImage = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] paper = ((DataBufferInt) paperImage.getRaster().getDataBuffer()).getData();
    java.util.Arrays.fill(paper, plain ? 0 : paperLevel << 16 | paperLevel << 8 | Math.max(0, paperLevel - 10));
    Graphics2D g = paperImage.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(plain ? 0xffffff : INK));
    List<GlyphVector> vectors = new ArrayList<>();
    int wordNumber = 0;
    for (Piece p : pieces) {
      GlyphVector gv = font.createGlyphVector(FRC, p.text());
      vectors.add(gv);
      if (!plain) {
        g.drawGlyphVector(gv, (float) p.x(), (float) p.baseline());
      } else {
        int wi = 0;
        for (int i = 0; i < p.text().length(); i++) {
          if (p.text().charAt(i) == ' ') {
            wi++;
          } else if (wordNumber + wi == onlyWord) {
            g.fill(gv.getGlyphOutline(i, (float) p.x(), (float) p.baseline()));
          }
        }
      }
      wordNumber += p.text().split(" ").length;
    }
    if (!plain) {
      g.fillRect(pad, (int) Math.round(rule), w - 2 * pad, 1);
      int bx = pad;
      for (int i = 0; i < bars.length && bx < w - pad; i++) {
        if (i % 2 == 0) {
          g.fillRect(bx, (int) Math.round(barTop), Math.min(bars[i], w - pad - bx), barHeight);
        }
        bx += bars[i];
      }
    }
    g.dispose();

    // geometry: crumple (paper pixels), then the camera's perspective onto the output
    double cell = w / (double) ReceiptsConfig.MESH_COLUMNS;
    int cols = ReceiptsConfig.MESH_COLUMNS, rows = Math.max(1, (int) Math.ceil(h / cell));
    double strength = c.crumple().sample(rng);
    double[] dx = new double[(rows + 1) * (cols + 1)], dy = new double[dx.length];
    for (int k = 0; k < dx.length; k++) {
      dx[k] = strength * (2 * rng.nextDouble() - 1);
      dy[k] = strength * (2 * rng.nextDouble() - 1);
    }
    Warp crumple = Warp.mesh(w, rows * cell, cols, rows, dx, dy);
    double p = c.perspective().sample(rng);
    int m = (int) Math.ceil(0.08 * w + p * w);
    int width = w + 2 * m, height = h + 2 * m;
    double[] fromCorners = {0, 0, w, 0, w, h, 0, h};
    double[] to = new double[8];
    for (int k = 0; k < 8; k++) {
      to[k] = fromCorners[k] + m + p * w * (2 * rng.nextDouble() - 1);
    }
    Warp warp = crumple.then(Warp.perspective(fromCorners, to));
    int surface = 40 + rng.nextInt(90);
    double light = c.lighting().sample(rng), lightAngle = 2 * Math.PI * rng.nextDouble();
    double shadow = c.shadow().sample(rng), shadowAngle = 2 * Math.PI * rng.nextDouble();
    double shadowAt = 0.25 + 0.5 * rng.nextDouble();
    double blur = c.blur().sample(rng), noise = c.noise().sample(rng);
    int quality = (int) Math.round(c.jpegQuality().sample(rng));

    int[] out = new int[width * height];
    java.util.Arrays.fill(out, plain ? 0 : surface << 16 | surface << 8 | Math.max(0, surface - 12));
    Effects.warp(paper, w, h, out, width, height, warp);
    if (!plain) {
      lightAndShadow(out, width, height, light, lightAngle, shadow, shadowAngle, shadowAt);
      if (blur >= 0.3) {
        Effects.gaussianBlur(out, width, height, blur);
      }
      if (noise > 0) {
        Effects.noise(out, new float[out.length], rng, noise);
      }
    }

    // labels: each word's glyph outlines through the same maps
    List<Word> words = new ArrayList<>();
    List<Line> lines = new ArrayList<>();
    double[][] lineBoxes = new double[lineTexts.size()][];
    for (int pi = 0; pi < pieces.size(); pi++) {
      Piece piece = pieces.get(pi);
      GlyphVector gv = vectors.get(pi);
      AffineTransform at = AffineTransform.getTranslateInstance(piece.x(), piece.baseline());
      String text = piece.text();
      int start = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i < text.length() && text.charAt(i) != ' ') {
          continue;
        }
        if (i > start) {
          double[] box = null;
          for (int k = start; k < i; k++) {
            double[] b = Warp.bounds(gv.getGlyphOutline(k), at, warp);
            if (b != null) {
              box = box == null ? b : union(box, b);
            }
          }
          if (box != null) {
            box = new double[] {clampTo(box[0], width), clampTo(box[1], height), clampTo(box[2], width),
                clampTo(box[3], height)};
            words.add(new Word(text.substring(start, i), piece.line(), box));
            lineBoxes[piece.line()] = lineBoxes[piece.line()] == null ? box.clone()
                : union(lineBoxes[piece.line()], box);
          }
        }
        start = i + 1;
      }
    }
    for (int k = 0; k < lineTexts.size(); k++) {
      lines.add(new Line(lineTexts.get(k), lineBoxes[k]));
    }
    return new Rendered(width, height, out, quality, lines, words, subtotal, tax, total, date.toString(), n);
  }

  private static double width(Font font, String s) {
    return font.createGlyphVector(FRC, s).getGlyphPosition(s.length()).getX();
  }

  private static double[] union(double[] a, double[] b) {
    return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])};
  }

  private static double clampTo(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /**
   * Lighting: brightness falls linearly by up to {@code light} across the image in direction {@code lightAngle};
   * shadow: beyond a line across the image (at {@code shadowAt} of the way in direction {@code shadowAngle}) the
   * image darkens by {@code shadow}, with a soft edge of about 24 pixels.
   */
  private static void lightAndShadow(int[] px, int w, int h, double light, double lightAngle, double shadow,
      double shadowAngle, double shadowAt) {
    double lc = StrictMath.cos(lightAngle), ls = StrictMath.sin(lightAngle);
    double lmin = Math.min(0, w * lc) + Math.min(0, h * ls), lmax = Math.max(0, w * lc) + Math.max(0, h * ls);
    double sc = StrictMath.cos(shadowAngle), ss = StrictMath.sin(shadowAngle);
    double smin = Math.min(0, w * sc) + Math.min(0, h * ss), smax = Math.max(0, w * sc) + Math.max(0, h * ss);
    double edge = smin + shadowAt * (smax - smin);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = ((x * lc + y * ls) - lmin) / Math.max(1e-9, lmax - lmin);
        double f = 1 - light * t;
        double d = Math.max(-1, Math.min(1, ((x * sc + y * ss) - edge) / 24));
        double sh = (d + 1) / 2;
        sh = sh * sh * (3 - 2 * sh);
        f *= 1 - shadow * sh;
        int c = px[y * w + x];
        px[y * w + x] = (int) ((c >>> 16 & 255) * f + 0.5) << 16 | (int) ((c >>> 8 & 255) * f + 0.5) << 8
            | (int) ((c & 255) * f + 0.5);
      }
    }
  }

  @Override
  public GeneratedSample generate(long index, SplittableRandom rng) {
    Rendered r = render(index, rng, -1);
    return GeneratedSample.builder()
        .setData(Effects.jpeg(r.rgb(), r.width(), r.height(), r.jpegQuality()), "image/jpeg")
        .addBlob(ReceiptsConfig.BOXES_BLOB, boxesJson(r), "application/json")
        .optLabel(TextLabel.of(String.join("\n", r.lines().stream().map(Line::text).toList())))
        .addAttribute("total", ReceiptLayout.money(r.total()))
        .addAttribute("subtotal", ReceiptLayout.money(r.subtotal()))
        .addAttribute("tax", ReceiptLayout.money(r.tax()))
        .addAttribute("currency", config.currency())
        .addAttribute("date", r.date())
        .addAttribute("items", (long) r.items())
        .build();
  }

  /** {@code {"lines":[{"box":[...],"text":"..."}],"words":[{"box":[...],"line":0,"text":"..."}]}}, keys sorted. */
  static byte[] boxesJson(Rendered r) {
    StringBuilder sb = new StringBuilder(256 + 96 * r.words().size());
    sb.append("{\"lines\":[");
    for (int k = 0; k < r.lines().size(); k++) {
      Line l = r.lines().get(k);
      sb.append(k == 0 ? "{\"box\":" : ",{\"box\":");
      box(sb, l.box());
      sb.append(",\"text\":\"").append(ENCODER.quoteAsString(l.text())).append("\"}");
    }
    sb.append("],\"words\":[");
    for (int k = 0; k < r.words().size(); k++) {
      Word w = r.words().get(k);
      sb.append(k == 0 ? "{\"box\":" : ",{\"box\":");
      box(sb, w.box());
      sb.append(",\"line\":").append(w.line()).append(",\"text\":\"").append(ENCODER.quoteAsString(w.text()))
          .append("\"}");
    }
    sb.append("]}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void box(StringBuilder sb, double[] b) {
    sb.append('[').append(b[0]).append(',').append(b[1]).append(',').append(b[2]).append(',').append(b[3]).append(']');
  }
}
