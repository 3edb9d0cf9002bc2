package dev.datamgmt.synth.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.GlyphVector;
import java.awt.geom.PathIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;

/** The kept glyph outlines give Java2D's own glyph outlines, coordinate for coordinate and segment for segment. */
class GlyphOutlineProperties {
  private static final String[] FONTS = {"DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"};

  @Property(tries = 80)
  void glyphOutline_equalsTheGlyphVectorsOwn(@ForAll @StringLength(min = 1, max = 12)
      @Chars({'a', 'g', 'H', 'Q', 'x', '1', '9', '.', '%', ' ', 'W', 'j', '-', 'E'}) String text,
      @ForAll @IntRange(min = 0, max = 2) int fontIndex, @ForAll @IntRange(min = 8, max = 48) int size,
      @ForAll @DoubleRange(min = -1.5, max = 3) double spacing) throws Exception {
    Font font = Font.createFont(Font.TRUETYPE_FONT,
        Path.of("src/test/resources/fonts/dejavu", FONTS[fontIndex]).toFile()).deriveFont((float) size);
    OcrLinesGenerator.Sized sized = new OcrLinesGenerator.Sized(font, 0, 0);
    GlyphVector gv = OcrLinesGenerator.layout(font, text, spacing);
    for (int pass = 0; pass < 2; pass++) { // the second pass reads the kept outlines
      for (int i = 0; i < text.length(); i++) {
        assertThat(segments(OcrLinesGenerator.glyphOutline(sized, gv, i).getPathIterator(null)))
            .as("glyph %d of \"%s\"", i, text).isEqualTo(segments(gv.getGlyphOutline(i).getPathIterator(null)));
      }
    }
  }

  /** Each segment as its type and its float coordinates' bits. */
  private static List<List<Integer>> segments(PathIterator it) {
    List<List<Integer>> out = new ArrayList<>();
    float[] c = new float[6];
    while (!it.isDone()) {
      int type = it.currentSegment(c);
      List<Integer> seg = new ArrayList<>();
      seg.add(type);
      for (float v : c) {
        seg.add(Float.floatToRawIntBits(v));
      }
      java.util.Arrays.fill(c, 0f);
      out.add(seg);
      it.next();
    }
    return out;
  }
}
