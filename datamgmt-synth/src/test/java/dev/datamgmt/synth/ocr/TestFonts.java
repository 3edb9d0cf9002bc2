package dev.datamgmt.synth.ocr;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The fonts the OCR tests render with: three DejaVu fonts committed under {@code src/test/resources/fonts/dejavu}
 * (with their licence), so the tests need no system fonts. {@link #register()} makes their families ("DejaVu
 * Sans", ...) known to Java2D for the tests that name families.
 */
public final class TestFonts {
  static final List<String> FILES = List.of("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf");

  private static volatile boolean registered;

  private TestFonts() {}

  /** Registers the committed fonts with the local graphics environment (once). */
  public static synchronized void register() {
    if (registered) {
      return;
    }
    GraphicsEnvironment ge = GraphicsEnvironment.getLocalGraphicsEnvironment();
    for (String f : FILES) {
      try (InputStream in = open(f)) {
        ge.registerFont(Font.createFont(Font.TRUETYPE_FONT, in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (FontFormatException e) {
        throw new IllegalStateException("test font " + f + " is not a TrueType font", e);
      }
    }
    registered = true;
  }

  /** A folder holding copies of the three committed DejaVu fonts. */
  public static Path folder(Path tmp) throws IOException {
    register();
    Path dir = Files.createDirectories(tmp.resolve("fonts"));
    for (String f : FILES) {
      try (InputStream in = open(f)) {
        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  private static InputStream open(String file) throws IOException {
    InputStream in = TestFonts.class.getResourceAsStream("/fonts/dejavu/" + file);
    if (in == null) {
      throw new IOException("test resource /fonts/dejavu/" + file + " is missing from the class path");
    }
    return in;
  }
}
