package dev.datamgmt.synth.ocr;

import dev.datamgmt.synth.internal.FontFiles;
import java.awt.Font;
import java.util.List;

/** Loads the fonts an {@link OcrLinesConfig} names, failing with the setting and the path or family. */
final class Fonts {
  private Fonts() {}

  static List<Font> load(OcrLinesConfig c) {
    return FontFiles.load("ocr", c.fontFolder(), c.fontFamilies());
  }
}
