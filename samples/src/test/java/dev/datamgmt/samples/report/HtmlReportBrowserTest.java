package dev.datamgmt.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report with every kind of element, opened in Debian's Chromium through {@link HeadlessChromium}: it renders
 * from the file alone (no request leaves it), with no console error or exception, every image loaded with its
 * overlay on top of it, every chart drawn, and a screenshot that is not blank. Needs {@code chromium}
 * (.ci/packages.txt): tagged {@code peers}.
 */
@Tag("peers")
class HtmlReportBrowserTest {
  /** Per canvas: its size, whether Chart.js owns it, and the share of its pixels that are not background. */
  static final String CANVASES = """
      Array.from(document.querySelectorAll('canvas')).map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) painted++;
        }
        return {id: c.id, width: c.width, height: c.height, share: painted / (c.width * c.height),
                chart: typeof Chart !== 'undefined' && !!Chart.getChart(c)};
      })""";

  static HeadlessChromium chromium;
  static HeadlessChromium.Page page;
  @TempDir static Path tmp;

  @BeforeAll
  static void open() throws IOException {
    Path file = tmp.resolve("report/report.html");
    HtmlReportTest.everyKind("Browser test").write(file);
    chromium = HeadlessChromium.start();
    page = chromium.open(file);
  }

  @AfterAll
  static void close() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void report_loadsFromTheFileAlone_withoutErrors() {
    assertThat(page.consoleErrors()).isEmpty();
    assertThat(page.exceptions()).isEmpty();
    assertThat(page.externalRequests()).isEmpty();
  }

  @Test
  void everyImage_loads_andItsOverlayCoversItExactly() {
    assertThat(page.brokenImages()).isEmpty();
    assertThat(page.evaluate("document.images.length").asInt()).isEqualTo(3);
    JsonNode tiles = page.evaluate("""
        Array.from(document.querySelectorAll('.img')).map(d => {
          const i = d.querySelector('img').getBoundingClientRect();
          const s = d.querySelector('svg');
          const o = s ? s.getBoundingClientRect() : i;
          return {w: i.width, h: i.height, natural: d.querySelector('img').naturalWidth,
                  rendering: getComputedStyle(d.querySelector('img')).imageRendering,
                  overlay: !!s, same: o.left === i.left && o.top === i.top && o.width === i.width
                                      && o.height === i.height};
        })""");
    assertThat(tiles).hasSize(3);
    // the 28x28 image at a whole factor (4x), pixelated; its overlay exactly over it
    assertThat(tiles.get(0).path("w").asDouble()).isEqualTo(112);
    assertThat(tiles.get(0).path("natural").asInt()).isEqualTo(28);
    assertThat(tiles.get(0).path("rendering").asText()).isEqualTo("pixelated");
    assertThat(tiles.get(1).path("w").asDouble()).isEqualTo(320);
    assertThat(tiles.get(1).path("rendering").asText()).isEqualTo("auto");
    for (JsonNode t : tiles) {
      assertThat(t.path("same").asBoolean()).as("overlay over image: %s", t).isTrue();
    }
    assertThat(tiles.get(2).path("overlay").asBoolean()).isFalse();
    // the three boxes have a visible size on screen
    JsonNode boxes = page.evaluate("""
        Array.from(document.querySelectorAll('.img svg rect')).map(e => {
          const r = e.getBoundingClientRect(); return Math.round(Math.min(r.width, r.height)); })""");
    assertThat(boxes).hasSize(3).allSatisfy(m -> assertThat(m.asInt()).isGreaterThanOrEqualTo(20));
  }

  @Test
  void keypoints_areDrawnWhereTheyAre_inTheScreenshot() throws IOException {
    // page coordinates of each keypoint dot's centre: image position plus its pixel coordinates times the scale
    JsonNode dots = page.evaluate("""
        Array.from(document.querySelectorAll('.img svg line.kp')).map(l => {
          const img = l.closest('.img').querySelector('img'), r = img.getBoundingClientRect();
          const k = r.width / img.naturalWidth;
          return {x: Math.round(r.left + window.scrollX + k * l.x1.baseVal.value),
                  y: Math.round(r.top + window.scrollY + k * l.y1.baseVal.value),
                  occluded: l.classList.contains('occluded')};
        })""");
    assertThat(dots).hasSize(2);
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
    for (JsonNode d : dots) {
      int rgb = shot.getRGB(d.path("x").asInt(), d.path("y").asInt()) & 0xffffff;
      // visible: #D55E00; occluded: #CC79A7 at 60 % over the white halo (#E0AFCA)
      int want = d.path("occluded").asBoolean() ? 0xE0AFCA : 0xD55E00;
      for (int shift : new int[] {0, 8, 16}) {
        assertThat(rgb >> shift & 0xff).as("dot at %s: %06x, expected %06x", d, rgb, want)
            .isCloseTo(want >> shift & 0xff, org.assertj.core.data.Offset.offset(3));
      }
    }
  }

  @Test
  void everyChart_hasDrawn() {
    JsonNode charts = page.evaluate(CANVASES);
    assertThat(charts).hasSize(2);
    for (JsonNode c : charts) {
      assertThat(c.path("chart").asBoolean()).as("Chart.js owns %s", c).isTrue();
      assertThat(c.path("width").asInt()).as("width of %s", c).isGreaterThan(300);
      // axes, grid and bars or lines: more than 2% of the canvas is not background
      assertThat(c.path("share").asDouble()).as("painted share of %s", c).isGreaterThan(0.02);
    }
  }

  @Test
  void chartCheck_failsOnAReportWhoseChartsDidNotRun() throws IOException {
    // the same report without the script that draws the charts: the canvases are there, blank
    String html = Files.readString(tmp.resolve("report/report.html"));
    int start = html.indexOf("<script>\n// Draws the report's charts");
    assertThat(start).isPositive();
    Path broken = Files.writeString(tmp.resolve("broken.html"),
        html.substring(0, start) + html.substring(html.indexOf("</script>", start) + "</script>".length()));
    try (HeadlessChromium.Page blank = chromium.open(broken)) {
      JsonNode charts = blank.evaluate(CANVASES);
      assertThat(charts).hasSize(2).allSatisfy(c -> {
        assertThat(c.path("chart").asBoolean()).isFalse();
        assertThat(c.path("share").asDouble()).isZero();
      });
    }
  }

  @Test
  void tableOfContents_linksToEverySection() {
    JsonNode links = page.evaluate("""
        Array.from(document.querySelectorAll('nav.toc a')).map(a =>
          !!document.getElementById(a.getAttribute('href').substring(1)))""");
    assertThat(links.toString()).isEqualTo("[true,true,true]");
  }

  @Test
  void document_parsesAsWritten() {
    // what the HTML content model asks of the elements we write, as the browser parsed them
    assertThat(page.evaluate("""
        Array.from(document.querySelectorAll('figcaption')).every(f => f.parentElement.tagName === 'FIGURE'
          && (f === f.parentElement.firstElementChild || f === f.parentElement.lastElementChild))""").asBoolean())
        .as("every figcaption first or last in its figure").isTrue();
    assertThat(page.evaluate("""
        (() => { const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
                 return ids.length === new Set(ids).size; })()""").asBoolean()).as("ids unique").isTrue();
    assertThat(page.evaluate("document.compatMode").asText()).as("no quirks mode").isEqualTo("CSS1Compat");
    assertThat(page.evaluate("document.characterSet").asText()).isEqualTo("UTF-8");
    assertThat(page.evaluate("document.querySelectorAll('main h2').length").asInt()).isEqualTo(3);
  }

  @Test
  void report_printsOnPages_contentsFirst_chartsStillDrawn() {
    String pdf = new String(page.pdf(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(pdf).startsWith("%PDF-");
    long pages = java.util.regex.Pattern.compile("/Type\\s*/Page\\b(?!s)").matcher(pdf).results().count();
    // the table of contents on a page of its own, then the sections
    assertThat(pages).isGreaterThanOrEqualTo(3);
    // printing resized the charts to the page and back: they are drawn still
    assertThat(page.evaluate("Array.from(document.querySelectorAll('canvas')).every(c => "
        + "c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0))")
        .asBoolean()).isTrue();
  }

  @Test
  void screenshot_isNotBlank() throws IOException {
    byte[] shot = page.screenshot();
    assertThat(Screenshots.height(shot)).isGreaterThan(1000);
    // a white page has variance 0; text, charts and images on white give hundreds
    assertThat(Screenshots.luminanceVariance(shot)).isGreaterThan(100);
  }
}
