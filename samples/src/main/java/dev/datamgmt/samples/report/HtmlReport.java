package dev.datamgmt.samples.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one self-contained HTML file: sections with a table of contents, paragraphs, tables, charts, confusion
 * matrices, image grids with box and keypoint overlays, and preformatted text. Nothing in the file loads from the
 * network: the charting library (Chart.js, MIT, its licence kept in the file) is read from its WebJar on the
 * classpath and inlined, and images are inlined as {@code data:} URIs.
 *
 * <pre>{@code
 * new HtmlReport("Flywheel")
 *     .section("Training")
 *     .lineChart("Loss per epoch", "epoch", new double[] {1, 2, 3},
 *         Map.of("train", new double[] {0.9, 0.5, 0.4}))
 *     .matrix("Confusion matrix (test)", List.of("cat", "dog"), new long[][] {{40, 2}, {5, 30}})
 *     .write(Path.of("target/report.html"));
 * }</pre>
 *
 * <p>All text is HTML-escaped; arguments are validated when a method is called ({@link IllegalArgumentException}
 * saying what was expected, what was found and in which element). Not thread-safe.
 */
public final class HtmlReport {
  static final String CHARTJS_VERSION = "4.5.1";
  private static final String CHARTJS = "META-INF/resources/webjars/chart.js/" + CHARTJS_VERSION + "/";
  /** Okabe-Ito colours (told apart by colour-blind readers), one per chart series, in order. */
  static final List<String> PALETTE = List.of(
      "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000");
  /** Tableau 10: ten distinct box colours (one per Fashion-MNIST class), by class index modulo 10. */
  static final List<String> CLASS_COLOURS = List.of(
      "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC");
  /** Small images are shown scaled up by a whole factor until their longer side reaches this many CSS pixels. */
  private static final int MIN_DISPLAY = 112;
  /** Large images are shown at most this wide (CSS pixels); a click opens nothing, the file stays one page. */
  private static final int MAX_DISPLAY = 360;

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final List<String[]> sections = new ArrayList<>();
  private final ArrayNode charts = JsonNodeFactory.instance.arrayNode();

  /**
   * A report with a title (the page title and its {@code <h1>}).
   *
   * @param title the title, not blank
   */
  public HtmlReport(String title) {
    this.title = nonBlank(title, "report title");
  }

  /**
   * Starts a new section: an {@code <h2>} heading, listed in the table of contents.
   *
   * @param heading the heading, not blank
   * @return this report
   */
  public HtmlReport section(String heading) {
    String id = "s" + (sections.size() + 1);
    sections.add(new String[] {id, nonBlank(heading, "section heading")});
    body.append("<h2 id=\"").append(id).append("\">").append(escape(heading)).append("</h2>\n");
    return this;
  }

  /**
   * A paragraph of plain text (HTML-escaped; line breaks are kept).
   *
   * @param text the text
   * @return this report
   */
  public HtmlReport paragraph(String text) {
    Objects.requireNonNull(text, "paragraph text");
    body.append("<p>").append(escape(text).replace("\n", "<br>\n")).append("</p>\n");
    return this;
  }

  /**
   * A table. Numbers are right-aligned; {@code double}s and {@code float}s are shown with 4 significant digits,
   * {@code null} as an empty cell, anything else by {@code toString()} (HTML-escaped).
   *
   * @param caption the caption above the table
   * @param header the column names
   * @param rows the rows, each as long as {@code header}
   * @return this report
   */
  public HtmlReport table(String caption, List<String> header, List<? extends List<?>> rows) {
    String where = "table '" + caption + "'";
    Objects.requireNonNull(header, where + ": header");
    Objects.requireNonNull(rows, where + ": rows");
    if (header.isEmpty()) {
      throw new IllegalArgumentException(where + ": expected at least one column in the header, found none");
    }
    for (int r = 0; r < rows.size(); r++) {
      List<?> row = rows.get(r);
      if (row == null || row.size() != header.size()) {
        throw new IllegalArgumentException(where + ": row " + r + " has " + (row == null ? "no list" : row.size()
            + " cells") + ", expected " + header.size() + " (one per header column)");
      }
    }
    body.append("<figure class=\"table\">");
    appendTable(body, caption, header, rows);
    body.append("</figure>\n");
    return this;
  }

  private static void appendTable(StringBuilder t, String caption, List<String> header, List<? extends List<?>> rows) {
    t.append("<table>\n<caption>").append(escape(caption)).append("</caption>\n<thead><tr>");
    for (String h : header) {
      t.append("<th scope=\"col\">").append(escape(String.valueOf(h))).append("</th>");
    }
    t.append("</tr></thead>\n<tbody>\n");
    for (List<?> row : rows) {
      t.append("<tr>");
      for (Object cell : row) {
        t.append(cell instanceof Number ? "<td class=\"num\">" : "<td>").append(escape(cellText(cell)))
            .append("</td>");
      }
      t.append("</tr>\n");
    }
    t.append("</tbody></table>");
  }

  /**
   * A grouped bar chart: one group of bars per category, one bar per series (in the map's iteration order, so pass
   * a {@link java.util.LinkedHashMap} to fix the order), e.g. class counts per dataset version. {@code NaN} means
   * no bar.
   *
   * @param caption the caption under the chart
   * @param categories the categories along the x axis
   * @param series the series by name, each with one value per category
   * @return this report
   */
  public HtmlReport barChart(String caption, List<String> categories, Map<String, double[]> series) {
    String where = "barChart '" + caption + "'";
    Objects.requireNonNull(categories, where + ": categories");
    if (categories.isEmpty()) {
      throw new IllegalArgumentException(where + ": expected at least one category, found none");
    }
    ArrayNode datasets = datasets(where, series, categories.size(), "category", null);
    List<List<Object>> data = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add(String.valueOf(categories.get(i)));
      for (double[] v : series.values()) {
        row.add(Double.isNaN(v[i]) ? null : v[i]);
      }
      data.add(row);
    }
    ObjectNode config = chartConfig("bar");
    ArrayNode labels = config.withObjectProperty("data").putArray("labels");
    categories.forEach(c -> labels.add(String.valueOf(c)));
    config.withObjectProperty("data").set("datasets", datasets);
    ObjectNode scales = config.withObjectProperty("options").withObjectProperty("scales");
    scales.withObjectProperty("y").put("beginAtZero", true);
    return chart(caption, config, "category", series.keySet(), data);
  }

  /**
   * A line chart, one line per series (in the map's iteration order), e.g. training and validation loss per epoch.
   * {@code NaN} leaves a gap (e.g. validation only every other epoch).
   *
   * @param caption the caption under the chart
   * @param xLabel the x axis title
   * @param x the x values, finite
   * @param series the series by name, each with one value per x
   * @return this report
   */
  public HtmlReport lineChart(String caption, String xLabel, double[] x, Map<String, double[]> series) {
    String where = "lineChart '" + caption + "'";
    Objects.requireNonNull(x, where + ": x");
    if (x.length == 0) {
      throw new IllegalArgumentException(where + ": expected at least one x value, found none");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(where + ": x[" + i + "] must be finite, found " + x[i]);
      }
    }
    ArrayNode datasets = datasets(where, series, x.length, "x value", x);
    List<List<Object>> data = new ArrayList<>();
    boolean integers = true;
    for (int i = 0; i < x.length; i++) {
      List<Object> row = new ArrayList<>();
      row.add(x[i]);
      integers &= x[i] == Math.rint(x[i]);
      for (double[] v : series.values()) {
        row.add(Double.isNaN(v[i]) ? null : v[i]);
      }
      data.add(row);
    }
    ObjectNode config = chartConfig("line");
    config.withObjectProperty("data").set("datasets", datasets);
    ObjectNode xScale = config.withObjectProperty("options").withObjectProperty("scales").withObjectProperty("x");
    xScale.put("type", "linear");
    xScale.withObjectProperty("title").put("display", true).put("text", String.valueOf(xLabel));
    if (integers) {
      // epochs, steps, versions: no ticks between whole numbers
      xScale.withObjectProperty("ticks").put("precision", 0);
    }
    return chart(caption, config, String.valueOf(xLabel), series.keySet(), data);
  }

  /**
   * A confusion matrix as a table: rows are the true classes, columns the predicted ones, each cell shows its count
   * on a colour scaled by the share of its row (so a rare class's recall reads as clearly as a common one's), with
   * each row's total and recall at the end.
   *
   * @param caption the caption above the matrix
   * @param labels the class names, in index order
   * @param counts a square matrix of non-negative counts, {@code labels.size()} on a side
   * @return this report
   */
  public HtmlReport matrix(String caption, List<String> labels, long[][] counts) {
    String where = "matrix '" + caption + "'";
    Objects.requireNonNull(labels, where + ": labels");
    Objects.requireNonNull(counts, where + ": counts");
    int n = labels.size();
    if (n == 0) {
      throw new IllegalArgumentException(where + ": expected at least one label, found none");
    }
    if (counts.length != n) {
      throw new IllegalArgumentException(
          where + ": expected " + n + " rows (one per label), found " + counts.length);
    }
    for (int r = 0; r < n; r++) {
      if (counts[r] == null || counts[r].length != n) {
        throw new IllegalArgumentException(where + ": row " + r + " has " + (counts[r] == null ? "no array"
            : counts[r].length + " columns") + ", expected " + n + " (a square matrix, one column per label)");
      }
      for (int c = 0; c < n; c++) {
        if (counts[r][c] < 0) {
          throw new IllegalArgumentException(
              where + ": count [" + r + "][" + c + "] must be >= 0, found " + counts[r][c]);
        }
      }
    }
    StringBuilder t = new StringBuilder();
    t.append("<figure class=\"table\"><table class=\"matrix\">\n<caption>").append(escape(caption))
        .append("</caption>\n<thead><tr><th class=\"corner\">true \\ predicted</th>");
    for (String l : labels) {
      t.append("<th scope=\"col\">").append(escape(String.valueOf(l))).append("</th>");
    }
    t.append("<th scope=\"col\">total</th><th scope=\"col\">recall</th></tr></thead>\n<tbody>\n");
    for (int r = 0; r < n; r++) {
      long total = 0;
      for (long v : counts[r]) {
        total += v;
      }
      t.append("<tr><th scope=\"row\">").append(escape(String.valueOf(labels.get(r)))).append("</th>");
      for (int c = 0; c < n; c++) {
        double share = total == 0 ? 0 : (double) counts[r][c] / total;
        t.append("<td class=\"num").append(r == c ? " diag" : "").append("\" style=\"background:")
            .append(cellColour(share)).append(share > 0.5 ? ";color:#fff" : "").append("\" title=\"")
            .append(String.format(Locale.ROOT, "%.1f%% of true %s", 100 * share, escape(labels.get(r))))
            .append("\">").append(counts[r][c]).append("</td>");
      }
      t.append("<td class=\"num\">").append(total).append("</td><td class=\"num\">")
          .append(total == 0 ? "" : cellText((double) counts[r][r] / total)).append("</td></tr>\n");
    }
    body.append(t).append("</tbody></table></figure>\n");
    return this;
  }

  /**
   * A grid of images with their captions and overlays. Images smaller than 112 pixels are shown scaled up by a
   * whole factor with {@code image-rendering: pixelated} (a 28x28 image at 4x); large ones at most 360 CSS pixels
   * wide. Boxes are coloured by class index (ten colours, then again).
   *
   * @param caption the caption above the grid
   * @param images the images
   * @return this report
   */
  public HtmlReport imageGrid(String caption, List<ReportImage> images) {
    return imageGrid(caption, images, List.of());
  }

  /**
   * A grid of images as {@link #imageGrid(String, List)}, with a legend of the box classes in it: each class's
   * colour and name (also shown when hovering a box).
   *
   * @param caption the caption above the grid
   * @param images the images
   * @param classNames the class names by class index; every box's class must have one
   * @return this report
   */
  public HtmlReport imageGrid(String caption, List<ReportImage> images, List<String> classNames) {
    String where = "imageGrid '" + caption + "'";
    Objects.requireNonNull(images, where + ": images");
    Objects.requireNonNull(classNames, where + ": classNames");
    java.util.SortedSet<Integer> used = new java.util.TreeSet<>();
    for (int i = 0; i < images.size(); i++) {
      ReportImage im = Objects.requireNonNull(images.get(i), where + ": image " + i);
      for (Box b : im.boxes()) {
        if (!classNames.isEmpty() && b.classIndex() >= classNames.size()) {
          throw new IllegalArgumentException(where + ": image " + i + " ('" + im.caption() + "') has a box of class "
              + b.classIndex() + ", expected a class index < " + classNames.size() + " (one per class name)");
        }
        used.add(b.classIndex());
      }
    }
    StringBuilder g = new StringBuilder();
    g.append("<figure class=\"grid\">\n<figcaption>").append(escape(caption)).append("</figcaption>\n");
    if (!classNames.isEmpty() && !used.isEmpty()) {
      g.append("<ul class=\"legend\">");
      for (int c : used) {
        g.append("<li><span class=\"swatch\" style=\"border-color:").append(classColour(c)).append("\"></span>")
            .append(escape(classNames.get(c))).append("</li>");
      }
      g.append("</ul>\n");
    }
    g.append("<div class=\"tiles\">\n");
    for (ReportImage im : images) {
      appendTile(g, im, classNames);
    }
    body.append(g).append("</div></figure>\n");
    return this;
  }

  /**
   * Preformatted text under a caption, e.g. a version log, a diff or lineage JSON (HTML-escaped, whitespace kept).
   *
   * @param caption the caption above the text
   * @param text the text
   * @return this report
   */
  public HtmlReport preformatted(String caption, String text) {
    Objects.requireNonNull(text, "preformatted '" + caption + "': text");
    body.append("<figure class=\"pre\"><figcaption>").append(escape(caption)).append("</figcaption><pre>")
        .append(escape(text)).append("</pre></figure>\n");
    return this;
  }

  /**
   * The whole HTML document as it is now.
   *
   * @return the HTML text
   */
  public String toHtml() {
    StringBuilder h = new StringBuilder(body.length() + 4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"datamgmt HtmlReport\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(resource("report.css"))
        .append("</style>\n</head>\n<body>\n<header><h1>").append(escape(title)).append("</h1></header>\n");
    if (!sections.isEmpty()) {
      h.append("<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol>\n");
      for (String[] s : sections) {
        h.append("<li><a href=\"#").append(s[0]).append("\">").append(escape(s[1])).append("</a></li>\n");
      }
      h.append("</ol></nav>\n");
    }
    h.append("<main>\n").append(body).append("</main>\n");
    if (!charts.isEmpty()) {
      h.append("<script type=\"application/json\" id=\"report-charts\">").append(scriptSafeJson(charts))
          .append("</script>\n<!-- Chart.js ").append(CHARTJS_VERSION).append(", inlined from its WebJar.\n")
          .append(escapeComment(chartJsLicence())).append("-->\n<script>\n").append(chartJs())
          .append("\n</script>\n<script>\n").append(resource("report.js")).append("</script>\n");
    }
    return h.append("</body>\n</html>\n").toString();
  }

  /**
   * Writes the report as one UTF-8 file, creating parent directories.
   *
   * @param file where to write
   * @throws IOException when the file cannot be written
   */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
  }

  /** The canvas Chart.js draws on, and the chart's numbers as a table folded under it (exact values, no script). */
  private HtmlReport chart(String caption, ObjectNode config, String first, java.util.Collection<String> names,
      List<List<Object>> data) {
    String id = "chart" + (charts.size() + 1);
    charts.addObject().put("id", id).set("config", config);
    body.append("<figure class=\"chart\"><div class=\"chart-box\"><canvas id=\"").append(id)
        .append("\" role=\"img\" aria-label=\"").append(escape(caption)).append("\"></canvas></div><figcaption>")
        .append(escape(caption)).append("</figcaption>\n<details class=\"data\"><summary>numbers</summary>");
    List<String> header = new ArrayList<>();
    header.add(first);
    names.forEach(n -> header.add(String.valueOf(n)));
    appendTable(body, caption, header, data);
    body.append("</details></figure>\n");
    return this;
  }

  private static ObjectNode chartConfig(String type) {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("type", type);
    ObjectNode options = config.withObjectProperty("options");
    // no animation: the chart is complete on the first frame (printing, screenshots, the browser test)
    options.put("animation", false).put("responsive", true).put("maintainAspectRatio", false);
    options.withObjectProperty("plugins").withObjectProperty("legend").put("position", "bottom");
    return config;
  }

  private static ArrayNode datasets(String where, Map<String, double[]> series, int length, String per, double[] x) {
    Objects.requireNonNull(series, where + ": series");
    if (series.isEmpty()) {
      throw new IllegalArgumentException(where + ": expected at least one series, found none");
    }
    ArrayNode datasets = JsonNodeFactory.instance.arrayNode();
    int k = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      double[] values = e.getValue();
      if (values == null || values.length != length) {
        throw new IllegalArgumentException(where + ": series '" + e.getKey() + "' has " + (values == null ? "no array"
            : values.length + " values") + ", expected " + length + " (one per " + per + ")");
      }
      String colour = PALETTE.get(k++ % PALETTE.size());
      ObjectNode d = datasets.addObject().put("label", String.valueOf(e.getKey())).put("borderColor", colour)
          .put("backgroundColor", colour);
      ArrayNode data = d.putArray("data");
      for (int i = 0; i < length; i++) {
        double v = values[i];
        if (Double.isInfinite(v)) {
          throw new IllegalArgumentException(where + ": series '" + e.getKey() + "' value " + i
              + " must be finite or NaN (no value), found " + v);
        }
        if (x == null) {
          if (Double.isNaN(v)) {
            data.addNull();
          } else {
            data.add(v);
          }
        } else {
          ObjectNode p = data.addObject().put("x", x[i]);
          if (Double.isNaN(v)) {
            p.putNull("y");
          } else {
            p.put("y", v);
          }
        }
      }
      if (x != null) {
        d.put("pointRadius", length > 60 ? 0 : 2).put("borderWidth", 2).put("spanGaps", false);
      }
    }
    return datasets;
  }

  private static void appendTile(StringBuilder g, ReportImage im, List<String> classNames) {
    int w = im.width();
    int h = im.height();
    int longer = Math.max(w, h);
    int scale = longer >= MIN_DISPLAY ? 1 : (MIN_DISPLAY + longer - 1) / longer;
    double displayWidth = Math.min((double) w * scale, MAX_DISPLAY);
    g.append("<figure class=\"tile\"><div class=\"img\" style=\"width:")
        .append(String.format(Locale.ROOT, "%.0f", displayWidth)).append("px;aspect-ratio:").append(w).append(" / ")
        .append(h).append("\"><img").append(scale > 1 ? " class=\"pixelated\"" : "").append(" width=\"").append(w)
        .append("\" height=\"").append(h).append("\" alt=\"").append(escape(im.caption()))
        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(im.png())).append("\">");
    if (!im.boxes().isEmpty() || !im.keypoints().isEmpty()) {
      g.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(h)
          .append("\" preserveAspectRatio=\"none\" aria-hidden=\"true\">");
      for (Box b : im.boxes()) {
        g.append("<rect x=\"").append(num(b.x1())).append("\" y=\"").append(num(b.y1())).append("\" width=\"")
            .append(num(b.width())).append("\" height=\"").append(num(b.height())).append("\" stroke=\"")
            .append(classColour(b.classIndex())).append("\"><title>").append(escape(className(b.classIndex(),
                classNames))).append("</title></rect>");
      }
      for (Keypoint k : im.keypoints()) {
        if (k.visibility() == Keypoint.NOT_LABELED) {
          continue;
        }
        // a zero-length line with round caps and a non-scaling stroke: a dot of fixed screen size at any scale
        String at = "x1=\"" + num(k.x()) + "\" y1=\"" + num(k.y()) + "\" x2=\"" + num(k.x()) + "\" y2=\""
            + num(k.y()) + "\"";
        g.append("<line class=\"kp-halo\" ").append(at).append("/><line class=\"kp")
            .append(k.visibility() == Keypoint.OCCLUDED ? " occluded" : "").append("\" ").append(at).append("/>");
      }
      g.append("</svg>");
    }
    g.append("</div><figcaption>").append(escape(im.caption())).append("</figcaption></figure>\n");
  }

  private static String classColour(int classIndex) {
    return CLASS_COLOURS.get(classIndex % CLASS_COLOURS.size());
  }

  private static String className(int classIndex, List<String> classNames) {
    return classIndex < classNames.size() ? classNames.get(classIndex) : "class " + classIndex;
  }

  /** A colour from white (share 0) to dark blue (share 1). */
  private static String cellColour(double share) {
    int r = (int) Math.round(255 + (8 - 255) * share);
    int g = (int) Math.round(255 + (69 - 255) * share);
    int b = (int) Math.round(255 + (148 - 255) * share);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  static String cellText(Object cell) {
    if (cell == null) {
      return "";
    }
    if (cell instanceof Double || cell instanceof Float) {
      double v = ((Number) cell).doubleValue();
      if (!Double.isFinite(v)) {
        return String.valueOf(v);
      }
      if (v == 0) {
        return "0";
      }
      return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(cell);
  }

  private static String num(double v) {
    return cellText(v);
  }

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /** JSON that cannot end or confuse its {@code <script>} element: {@code < > &} only occur inside strings. */
  private static String scriptSafeJson(ArrayNode json) {
    try {
      return new ObjectMapper().writeValueAsString(json).replace("<", "\\u003c").replace(">", "\\u003e")
          .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escapeComment(String text) {
    return text.replace("--", "- -");
  }

  private static String nonBlank(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + ": expected a non-blank text, found " + (s == null ? "null" : "'"
          + s + "'"));
    }
    return s;
  }

  private static String chartJs() {
    return Library.CHART_JS;
  }

  private static String chartJsLicence() {
    return Library.LICENCE;
  }

  private static String resource(String name) {
    return read(HtmlReport.class, name, "src/main/resources/dev/datamgmt/samples/report/" + name);
  }

  private static String read(Class<?> anchor, String name, String hint) {
    try (InputStream in = name.startsWith("META-INF/")
        ? anchor.getClassLoader().getResourceAsStream(name) : anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " not on the classpath: expected " + hint);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading resource " + name, e);
    }
  }

  /** Chart.js, read once per JVM. */
  private static final class Library {
    static final String HINT = "org.webjars.npm:chart.js:" + CHARTJS_VERSION + " (a dependency of samples)";
    static final String CHART_JS = read(HtmlReport.class, CHARTJS + "dist/chart.umd.min.js", HINT);
    static final String LICENCE = read(HtmlReport.class, CHARTJS + "LICENSE.md", HINT);
  }
}
