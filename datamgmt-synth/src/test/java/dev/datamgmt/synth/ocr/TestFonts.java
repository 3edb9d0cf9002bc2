package dev.datamgmt.synth.ocr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Debian fonts the OCR tests render with; missing fonts fail loudly, they never skip a test. */
final class TestFonts {
  static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");
  static final List<String> FILES = List.of("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf");

  private TestFonts() {}

  /** A folder holding copies of three DejaVu fonts from fonts-dejavu-core. */
  static Path folder(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("fonts"));
    for (String f : FILES) {
      Path src = DEJAVU.resolve(f);
      if (!Files.isReadable(src)) {
        throw new AssertionError("the OCR tests need " + src + " from the Debian package fonts-dejavu-core "
            + "(apt-get install fonts-dejavu-core; it is listed in .ci/packages.txt)");
      }
      Files.copy(src, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }
}
