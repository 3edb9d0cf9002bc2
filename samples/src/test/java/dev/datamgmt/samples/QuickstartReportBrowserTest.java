package dev.datamgmt.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.samples.report.Screenshots;
import dev.datamgmt.testing.HeadlessChromium;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's own report (the smaller run of {@link QuickstartTest}) in Debian's Chromium: it renders from the
 * file alone, with no console error or exception, every image loaded, every chart drawn by Chart.js, and a
 * screenshot that is not blank. Needs {@code chromium} (.ci/packages.txt): tagged {@code peers}.
 */
@Tag("peers")
class QuickstartReportBrowserTest {
  static HeadlessChromium chromium;
  static HeadlessChromium.Page page;
  @TempDir static Path tmp;

  @BeforeAll
  static void open() throws Exception {
    Quickstart.Outcome o = Quickstart.run(QuickstartTest.small(tmp.resolve("quickstart")), Quickstart.nowhere());
    chromium = HeadlessChromium.start();
    page = chromium.open(o.report().orElseThrow());
  }

  @AfterAll
  static void close() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void report_loadsFromTheFileAlone_withoutErrors_andEveryImageLoads() {
    assertThat(page.consoleErrors()).isEmpty();
    assertThat(page.exceptions()).isEmpty();
    assertThat(page.externalRequests()).isEmpty();
    assertThat(page.brokenImages()).isEmpty();
    // 24 images asked about, 16 shapes, 6 OCR lines, 2 receipts
    assertThat(page.evaluate("document.images.length").asInt()).isEqualTo(48);
  }

  @Test
  void everyChart_hasDrawn() {
    JsonNode charts = page.evaluate("""
        Array.from(document.querySelectorAll('canvas')).map(c => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) painted++;
          }
          return {width: c.width, share: painted / (c.width * c.height), chart: !!Chart.getChart(c)};
        })""");
    // class distribution, 3 loss curves, validation balanced accuracy, recall, precision, annotator accuracy
    assertThat(charts).hasSize(8);
    for (JsonNode c : charts) {
      assertThat(c.path("chart").asBoolean()).as("Chart.js owns %s", c).isTrue();
      assertThat(c.path("share").asDouble()).as("painted share of %s", c).isGreaterThan(0.02);
    }
  }

  @Test
  void screenshot_isNotBlank() throws Exception {
    byte[] shot = page.screenshot();
    assertThat(Screenshots.height(shot)).isGreaterThan(1000);
    // a white page has variance 0; text, charts and images on white give hundreds
    assertThat(Screenshots.luminanceVariance(shot)).isGreaterThan(100);
  }
}
