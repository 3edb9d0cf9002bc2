package dev.datamgmt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.testing.HeadlessChromium.ChromiumException;
import dev.datamgmt.testing.HeadlessChromium.NotInstalledException;
import dev.datamgmt.testing.HeadlessChromium.Page;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DevTools client against Debian's Chromium: a good page reports nothing, and each kind of fault a page can have
 * (console error, uncaught exception, a request leaving the file, a broken image) is reported, so checks built on
 * it can fail. Tagged {@code peers} where Chromium is needed (.ci/packages.txt installs it).
 */
class HeadlessChromiumTest {
  static final String GOOD = """
      <!DOCTYPE html><html><head><meta charset="utf-8"><title>good</title></head><body>
      <h1>Good</h1>
      <img id="pixel" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==">
      <canvas id="c" width="200" height="100"></canvas>
      <script>
        const g = document.getElementById('c').getContext('2d');
        g.fillStyle = '#0072B2'; g.fillRect(20, 20, 120, 60);
        console.log('fine'); console.warn('only a warning');
      </script></body></html>
      """;

  static HeadlessChromium chromium;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    if (Files.isExecutable(HeadlessChromium.DEBIAN_CHROMIUM)) {
      chromium = HeadlessChromium.start();
    }
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  Page open(String html) throws IOException {
    Path file = tmp.resolve("page.html");
    Files.writeString(file, html);
    return chromium.open(file);
  }

  @Test
  @Tag("peers")
  void goodPage_reportsNothing_evaluatesAndRenders() throws IOException {
    try (Page page = open(GOOD)) {
      assertThat(page.consoleErrors()).isEmpty();
      assertThat(page.exceptions()).isEmpty();
      assertThat(page.externalRequests()).isEmpty();
      assertThat(page.brokenImages()).isEmpty();
      assertThat(page.evaluate("document.title").asText()).isEqualTo("good");
      assertThat(page.evaluate("Promise.resolve(6 * 7)").asInt()).isEqualTo(42);
      // the canvas pixel at (30, 30) is the rectangle's blue
      assertThat(page.evaluate("Array.from(document.getElementById('c').getContext('2d')"
          + ".getImageData(30, 30, 1, 1).data)").toString()).isEqualTo("[0,114,178,255]");
      BufferedImage shot = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
      assertThat(shot.getWidth()).isEqualTo(1280);
      assertThat(hasColour(shot, 0x0072B2)).as("the canvas rectangle is in the screenshot").isTrue();
    }
  }

  @Test
  @Tag("peers")
  void consoleError_isReported() throws IOException {
    try (Page page = open("<script>console.error('bad', 42)</script>")) {
      assertThat(page.consoleErrors()).containsExactly("console.error: bad 42");
      assertThat(page.exceptions()).isEmpty();
    }
  }

  @Test
  @Tag("peers")
  void uncaughtException_andRejection_areReported() throws IOException {
    try (Page page = open("<script>Promise.reject(new Error('later'));\nnull.boom();</script>")) {
      assertThat(page.exceptions()).hasSize(2).anySatisfy(e -> assertThat(e).contains("TypeError", "boom"))
          .anySatisfy(e -> assertThat(e).contains("Error: later"));
    }
  }

  @Test
  @Tag("peers")
  void requestLeavingTheFile_isReported() throws IOException {
    try (Page page = open("<script>fetch('http://example.invalid/data.json').catch(() => {})</script>"
        + "<img src=\"https://example.invalid/x.png\" alt=\"\">")) {
      assertThat(page.externalRequests()).contains("GET http://example.invalid/data.json",
          "GET https://example.invalid/x.png");
    }
  }

  @Test
  @Tag("peers")
  void brokenImages_areReported_localAndCorruptDataUri() throws IOException {
    try (Page page = open("<img src=\"missing.png\" alt=\"\"><img src=\"data:image/png;base64,AAAA\" alt=\"\">")) {
      assertThat(page.brokenImages()).containsExactly("missing.png", "data:image/png;base64,AAAA");
      assertThat(page.consoleErrors()).anySatisfy(e -> assertThat(e).contains("ERR_FILE_NOT_FOUND"));
      assertThat(page.externalRequests()).isEmpty();
    }
  }

  @Test
  @Tag("peers")
  void evaluate_whenScriptThrows_failsWithItsDescription() throws IOException {
    try (Page page = open(GOOD)) {
      assertThatThrownBy(() -> page.evaluate("undefinedFunction()")).isInstanceOf(ChromiumException.class)
          .hasMessageContaining("ReferenceError: undefinedFunction is not defined");
    }
  }

  @Test
  @Tag("peers")
  void open_missingFile_failsWithoutTouchingTheBrowser() {
    assertThatThrownBy(() -> chromium.open(tmp.resolve("nope.html"))).isInstanceOf(
        java.nio.file.NoSuchFileException.class);
  }

  @Test
  @Tag("peers")
  void close_endsEveryProcess_andDeletesTheProfile() throws IOException {
    HeadlessChromium own = HeadlessChromium.start();
    List<ProcessHandle> tree = own.process().descendants().toList();
    assertThat(tree).as("chromium's helper processes").isNotEmpty();
    own.open(tmp.resolve("p.html").toFile().exists() ? tmp.resolve("p.html")
        : Files.writeString(tmp.resolve("p.html"), GOOD));
    own.close();
    own.close();
    assertThat(own.process().isAlive()).isFalse();
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(own.profile()).doesNotExist();
    assertThatThrownBy(() -> own.open(tmp.resolve("p.html"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void start_withoutChromium_failsNamingWhatToInstall() {
    Path missing = tmp.resolve("no-chromium");
    assertThatThrownBy(() -> HeadlessChromium.start(missing, 800, 600)).isInstanceOf(NotInstalledException.class)
        .hasMessage("expected a Chromium executable at " + missing + ", found nothing: install Debian's chromium "
            + "package (apt-get install chromium; .ci/packages.txt lists it for the peers tests)");
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void start_whenBrowserExitsAtOnce_failsAndCleansUp() throws IOException {
    Path fake = Files.writeString(tmp.resolve("fake-chromium"), "#!/bin/sh\necho 'no display here' >&2\nexit 3\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    long before = countProfiles();
    assertThatThrownBy(() -> HeadlessChromium.start(fake, 800, 600)).isInstanceOf(ChromiumException.class)
        .hasMessageContaining("exited with 3 before writing DevToolsActivePort")
        .hasMessageContaining("no display here");
    assertThat(countProfiles()).isEqualTo(before);
  }

  static long countProfiles() throws IOException {
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("datamgmt-chromium-")).count();
    }
  }

  static boolean hasColour(BufferedImage im, int rgb) {
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        if ((im.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
