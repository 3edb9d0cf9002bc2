package dev.datamgmt.samples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's HTML without a browser: text stays text, bad arguments fail naming the element, and nothing in the
 * file points outside it. {@code HtmlReportBrowserTest} checks that Chromium renders it.
 */
class HtmlReportTest {
  @TempDir Path tmp;

  static byte[] png(int w, int h) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        im.getRaster().setSample(x, y, 0, (x * 7 + y * 13) % 256);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(im, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A report with every kind of element, also used by the browser test. */
  static HtmlReport everyKind(String title) {
    Map<String, double[]> counts = new LinkedHashMap<>();
    counts.put("v1", new double[] {5000, 1200, 300, 50});
    counts.put("v2", new double[] {5000, 1300, 420, 160});
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("train", new double[] {2.1, 1.4, 1.0, 0.8, 0.7});
    loss.put("validation", new double[] {2.0, Double.NaN, 1.1, Double.NaN, 0.9});
    List<ReportImage> images = List.of(
        new ReportImage(png(28, 28), "shirt <augmented>", List.of(new Box(3, 4, 20, 25, 1)),
            List.of(new Keypoint(14, 14, Keypoint.VISIBLE), new Keypoint(5, 20, Keypoint.OCCLUDED))),
        new ReportImage(png(320, 64), "receipt line", List.of(new Box(10, 8, 150, 40, 0),
            new Box(160, 8, 300, 40, 2)), List.of()),
        ReportImage.of(png(28, 28), "plain"));
    return new HtmlReport(title)
        .paragraph("Before the first section.")
        .section("Data")
        .paragraph("Class counts per version.\nSecond line.")
        .barChart("Class counts per version", List.of("t-shirt", "trouser", "bag", "boot"), counts)
        .imageGrid("Augmented samples", images, List.of("word", "shirt", "total"))
        .section("Training")
        .lineChart("Loss per epoch", "epoch", new double[] {1, 2, 3, 4, 5}, loss)
        .matrix("Confusion matrix (test)", List.of("t-shirt", "trouser", "bag"),
            new long[][] {{50, 3, 2}, {4, 40, 0}, {1, 0, 9}})
        .table("Per class", List.of("class", "precision", "recall", "n"),
            List.of(List.of("t-shirt", 0.91234, 0.875, 55), List.of("bag", 0.5, 0.9, 10)))
        .section("Versions")
        .preformatted("Version log", "v2  2026-12-06  +120 labels\nv1  2026-12-05  import");
  }

  @Test
  void write_everyKind_createsParentsAndWritesOneUtf8File() throws IOException {
    Path file = tmp.resolve("a/b/report.html");
    everyKind("Über report").write(file);
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html.substring(body(html).length())).contains("Chart.js v" + HtmlReport.CHARTJS_VERSION,
        "Permission is hereby granted");
    assertThat(body(html)).startsWith("<!DOCTYPE html>").contains("<title>Über report</title>")
        .contains("<a href=\"#s1\">Data</a>", "<a href=\"#s2\">Training</a>", "<a href=\"#s3\">Versions</a>")
        .contains("<h2 id=\"s2\">Training</h2>")
        .contains("Class counts per version.<br>\nSecond line.")
        .contains("<td class=\"num\">0.9123</td>")
        .contains("image-rendering: pixelated");
    assertThat(count(html, "<canvas ")).isEqualTo(2);
    assertThat(count(html, "src=\"data:image/png;base64,")).isEqualTo(3);
    assertThat(count(html, "<rect ")).isEqualTo(3);
    assertThat(count(html, "<line class=\"kp ")).isEqualTo(1);
    assertThat(count(html, "<line class=\"kp occluded")).isEqualTo(1);
  }

  @Test
  void charts_carryTheirNumbersAsAFoldedTable_gapsEmpty() {
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("train", new double[] {2.5, 1.25});
    loss.put("val", new double[] {Double.NaN, 1.5});
    String html = new HtmlReport("t").lineChart("loss", "epoch", new double[] {1, 2}, loss).toHtml();
    assertThat(body(html)).contains("<details class=\"data\"><summary>numbers</summary><table>")
        .contains("<th scope=\"col\">epoch</th><th scope=\"col\">train</th><th scope=\"col\">val</th>")
        .contains("<tr><td class=\"num\">1</td><td class=\"num\">2.5</td><td></td></tr>");
    // whole-number x values: whole-number ticks; NaN: a gap (null), not a zero
    assertThat(chartJson(html)).contains("\"ticks\":{\"precision\":0}").contains("{\"x\":1.0,\"y\":null}");
    String fractional = new HtmlReport("t").lineChart("f", "t", new double[] {0.5, 1}, Map.of("a", new double[2]))
        .toHtml();
    assertThat(chartJson(fractional)).doesNotContain("precision");
  }

  @Test
  void imageGrid_withClassNames_showsALegendOfTheClassesInIt() {
    ReportImage im = new ReportImage(png(8, 8), "x", List.of(new Box(0, 0, 4, 4, 2), new Box(1, 1, 3, 3, 0)),
        List.of());
    String html = new HtmlReport("t").imageGrid("g", List.of(im), List.of("cat", "dog", "<bird>")).toHtml();
    assertThat(body(html)).contains("<ul class=\"legend\"><li><span class=\"swatch\" style=\"border-color:#4E79A7\">"
        + "</span>cat</li><li><span class=\"swatch\" style=\"border-color:#E15759\"></span>&lt;bird&gt;</li></ul>")
        .contains("stroke=\"#E15759\"><title>&lt;bird&gt;</title>").doesNotContain(">dog<");
    assertThatThrownBy(() -> new HtmlReport("t").imageGrid("g", List.of(im), List.of("cat", "dog")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("imageGrid 'g': image 0 ('x') has a box of class 2, expected a class index < 2 (one per class "
            + "name)");
  }

  @Test
  void failedValidation_leavesTheReportUnchanged() {
    HtmlReport r = new HtmlReport("t").paragraph("kept");
    String before = r.toHtml();
    assertThatThrownBy(() -> r.table("x", List.of("a"), List.of(List.of(1), List.of(1, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.barChart("x", List.of("a"), Map.of("s", new double[2])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.matrix("x", List.of("a", "b"), new long[][] {{1, 2}, {3, -4}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(r.toHtml()).isEqualTo(before);
  }

  @Test
  void toHtml_withoutCharts_inlinesNoLibrary() {
    String html = new HtmlReport("t").paragraph("x").toHtml();
    assertThat(html).doesNotContain("<script").doesNotContain("<nav");
  }

  @Test
  void writtenFile_referencesNoUrlOutsideIt() throws IOException {
    Path file = tmp.resolve("report.html");
    everyKind("t").write(file);
    String html = Files.readString(file);
    // Every resource reference (src, href, CSS url()) is a data: URI or an in-page anchor.
    Matcher refs = Pattern.compile("(?:src|href)\\s*=\\s*[\"']?([^\"' >]*)|url\\(\\s*[\"']?([^\"')]*)").matcher(html);
    int n = 0;
    while (refs.find()) {
      String ref = refs.group(1) != null ? refs.group(1) : refs.group(2);
      assertThat(ref).as("reference #%d", n++).matches("(data:|#).*");
    }
    assertThat(n).isGreaterThan(3);
    assertThat(html).doesNotContainPattern("(?i)@import|<link|<iframe|<object|<embed");
    // Outside the inlined library (whose banner names its home page) no http(s) URL appears at all.
    int start = html.indexOf("/*!\n * Chart.js");
    int end = html.indexOf("</script>", start);
    assertThat(start).isPositive();
    String outside = html.substring(0, start) + html.substring(end);
    assertThat(outside).doesNotContainPattern("(?i)https?:|//[a-z0-9.-]+\\.[a-z]{2,}/");
  }

  @Test
  void text_withScriptTag_staysText() {
    String evil = "<script>alert('x')</script>";
    String html = new HtmlReport(evil).section(evil).paragraph(evil)
        .table(evil, List.of(evil), List.of(List.of(evil)))
        .barChart(evil, List.of(evil), Map.of(evil, new double[] {1}))
        .lineChart(evil, evil, new double[] {0}, Map.of(evil, new double[] {1}))
        .matrix(evil, List.of(evil), new long[][] {{1}})
        .imageGrid(evil, List.of(ReportImage.of(png(2, 2), evil)))
        .preformatted(evil, evil)
        .toHtml();
    assertThat(body(html)).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    // in the chart data the text is a JSON string whose < and > cannot close the element
    assertThat(chartJson(html)).doesNotContain("<", ">")
        .contains("\\u003cscript\\u003ealert('x')\\u003c/script\\u003e");
    assertThat(count(html, "<script")).isEqualTo(3);
  }

  @Property(tries = 300)
  void escape_leavesNoMarkupAndUnescapesToTheInput(@ForAll String text) {
    String escaped = HtmlReport.escape(text);
    assertThat(escaped).doesNotContain("<", ">", "\"", "'");
    assertThat(escaped.replaceAll("&(?!amp;|lt;|gt;|quot;|#39;)", "")).isEqualTo(escaped);
    String back = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
    assertThat(back).isEqualTo(text);
  }

  @Test
  void barChart_seriesOfWrongLength_failsNamingSeriesAndCounts() {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("v1", new double[] {1, 2, 3});
    s.put("v2", new double[] {1, 2});
    assertThatThrownBy(() -> new HtmlReport("t").barChart("counts", List.of("a", "b", "c"), s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("barChart 'counts': series 'v2' has 2 values, expected 3 (one per category)");
  }

  @Test
  void lineChart_badX_orSeriesLength_orInfinity_fails() {
    HtmlReport r = new HtmlReport("t");
    assertThatThrownBy(() -> r.lineChart("loss", "epoch", new double[] {1, 2}, Map.of("train", new double[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lineChart 'loss': series 'train' has 1 values, expected 2 (one per x value)");
    assertThatThrownBy(() -> r.lineChart("loss", "epoch", new double[] {1, Double.NaN}, Map.of("a", new double[2])))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("lineChart 'loss': x[1] must be finite, found NaN");
    assertThatThrownBy(() -> r.lineChart("loss", "epoch", new double[] {1},
        Map.of("a", new double[] {Double.POSITIVE_INFINITY})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series 'a' value 0 must be finite or NaN (no value), found Infinity");
    assertThatThrownBy(() -> r.lineChart("loss", "epoch", new double[] {1}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected at least one series");
  }

  @Test
  void matrix_notSquareOrNotMatchingLabels_fails() {
    HtmlReport r = new HtmlReport("t");
    assertThatThrownBy(() -> r.matrix("cm", List.of("a", "b"), new long[][] {{1, 2}, {3, 4}, {5, 6}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix 'cm': expected 2 rows (one per label), found 3");
    assertThatThrownBy(() -> r.matrix("cm", List.of("a", "b"), new long[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix 'cm': row 1 has 1 columns, expected 2 (a square matrix, one column per label)");
    assertThatThrownBy(() -> r.matrix("cm", List.of("a"), new long[][] {{-1}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("matrix 'cm': count [0][0] must be >= 0, found -1");
  }

  @Test
  void matrix_rowsShowTotalAndRecall_coloursScaleWithRowShare() {
    String html = new HtmlReport("t").matrix("cm", List.of("a", "b"), new long[][] {{3, 1}, {0, 0}}).toHtml();
    assertThat(html).contains("<td class=\"num diag\" style=\"background:#4674af;color:#fff\"")
        .contains("<td class=\"num\">4</td><td class=\"num\">0.75</td>")
        .contains("<td class=\"num\">0</td><td class=\"num\"></td>");
  }

  @Test
  void table_rowOfWrongLength_failsNamingRow() {
    assertThatThrownBy(() -> new HtmlReport("t").table("scores", List.of("a", "b"),
        List.of(List.of(1, 2), List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table 'scores': row 1 has 1 cells, expected 2 (one per header column)");
  }

  @Test
  void reportImage_nonPngBytes_failsSayingWhatWasFound() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1,
        0, 1, 0, 0, 0, 0, 0, 0};
    assertThatThrownBy(() -> ReportImage.of(jpeg, "photo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("image 'photo': expected the PNG signature 89 50 4E 47 0D 0A 1A 0A, found "
            + "FF D8 FF E0 00 10 4A 46");
    assertThatThrownBy(() -> ReportImage.of(new byte[3], "tiny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image 'tiny': expected PNG bytes (signature and IHDR chunk, >= 24 bytes), found 3 bytes");
  }

  @Test
  void reportImage_readsSizeFromHeader_andCopiesItsBytes() {
    byte[] bytes = png(28, 14);
    ReportImage im = ReportImage.of(bytes, "x");
    assertThat(im.width()).isEqualTo(28);
    assertThat(im.height()).isEqualTo(14);
    bytes[20] = 9;
    assertThat(im.png()).isNotEqualTo(bytes);
    assertThat(im).isEqualTo(ReportImage.of(png(28, 14), "x"));
  }

  @Test
  void blankTitleOrHeading_fails() {
    assertThatThrownBy(() -> new HtmlReport(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("report title: expected a non-blank text, found ' '");
    assertThatThrownBy(() -> new HtmlReport("t").section(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("section heading: expected a non-blank text, found null");
  }

  /** The document up to the inlined scripts (assertion messages stay readable). */
  static String body(String html) {
    return html.substring(0, html.indexOf("</main>"));
  }

  /** The charts' JSON. */
  static String chartJson(String html) {
    String open = "id=\"report-charts\">";
    int start = html.indexOf(open) + open.length();
    return html.substring(start, html.indexOf("</script>", start));
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
