package dev.datamgmt.synth.internal;

import dev.datamgmt.synth.InvalidSettingException;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Loads generator fonts from a folder or installed families, failing with the setting and the path or family. */
public final class FontFiles {
  private FontFiles() {}

  /**
   * The fonts of {@code folder} (.ttf/.otf, in name order) if it is set, else the installed {@code families}.
   *
   * @param prefix the generator's setting prefix ("ocr", "receipt") used in error messages
   * @throws InvalidSettingException naming {@code prefix.fontFolder} or {@code prefix.fontFamilies} and the value
   */
  public static List<Font> load(String prefix, String folder, List<String> families) {
    return folder != null ? fromFolder(prefix, Path.of(folder)) : fromFamilies(prefix, families);
  }

  private static List<Font> fromFolder(String prefix, Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidSettingException(prefix + ".fontFolder", "a readable folder of .ttf/.otf fonts",
          folder + " (not a folder)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".ttf") || n.endsWith(".otf");
      }).sorted().toList();
    } catch (IOException e) {
      throw new InvalidSettingException(prefix + ".fontFolder", "a readable folder of .ttf/.otf fonts", folder + " (" + e
          + ")");
    }
    if (files.isEmpty()) {
      throw new InvalidSettingException(prefix + ".fontFolder", "a folder with at least one .ttf or .otf font",
          folder + " (no font files)");
    }
    List<Font> fonts = new ArrayList<>();
    for (Path p : files) {
      try {
        fonts.add(Font.createFont(Font.TRUETYPE_FONT, p.toFile()));
      } catch (FontFormatException | IOException e) {
        throw new InvalidSettingException(prefix + ".fontFolder", "readable TrueType/OpenType fonts",
            p + " (" + e.getMessage() + ")");
      }
    }
    return fonts;
  }

  private static List<Font> fromFamilies(String prefix, List<String> families) {
    List<String> installed = Arrays.asList(
        GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT));
    List<Font> fonts = new ArrayList<>();
    for (String f : families) {
      if (!installed.contains(f)) {
        throw new InvalidSettingException(prefix + ".fontFamilies", "font families installed on this system (on Debian: "
            + "apt-get install fonts-dejavu-core for \"DejaVu Sans\")", f + " (not installed)");
      }
      fonts.add(new Font(f, Font.PLAIN, 1));
    }
    return fonts;
  }
}
