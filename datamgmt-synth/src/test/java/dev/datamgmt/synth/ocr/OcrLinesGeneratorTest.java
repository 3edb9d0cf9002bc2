package dev.datamgmt.synth.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OcrLinesGeneratorTest {
  static {
    TestFonts.register(); // "DejaVu Sans" from the committed fonts, so no system font is needed
  }

  static final List<String> WORDS = List.of("Hello", "world", "Quick", "brown", "fox", "jumps", "over", "lazy",
      "dog", "0123", "4567", "89", "datamgmt", "W.M.", "(x)", "iiil", "MWQ", "ty,");
  private static Path tmp;
  private static OcrLinesGenerator geometry;
  private static OcrLinesGenerator warped;

  /** Fonts copied once under target/ (JUnit and jqwik tests share them; jqwik has no @BeforeAll). */
  private static synchronized void init() throws Exception {
    if (tmp != null) {
      return;
    }
    tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "ocr-test");
    // no blur or noise here: the ink of one character is then exactly what its glyph draws
    geometry = (OcrLinesGenerator) OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optSkew(Distribution.uniform(-8, 8)).optSpacing(Distribution.uniform(-1, 3))
        .optFontSize(Distribution.uniform(14, 40)).optBlur(Distribution.constant(0))
        .optNoise(Distribution.constant(0)).build().newGenerator();
    warped = (OcrLinesGenerator) OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optSkew(Distribution.uniform(-5, 5)).optSpacing(Distribution.uniform(0, 3))
        .optFontSize(Distribution.uniform(14, 40)).optBlur(Distribution.constant(0))
        .optNoise(Distribution.constant(0)).optPerspective(Distribution.uniform(0, 0.2))
        .optSineWave(Distribution.uniform(0, 4), Distribution.uniform(30, 200)).build().newGenerator();
  }

  @BeforeTry
  void setUpTry() throws Exception {
    init();
  }

  @BeforeEach
  void setUp() throws Exception {
    init();
  }

  /**
   * Every character box contains that character's ink (within one output pixel, the reach of bilinear
   * resampling) and no other character's ink centre.
   */
  @Property(tries = 40)
  void characterBoxes_containTheirInk_andNoOtherInkCentre(@ForAll long seed) {
    checkCharacterBoxes(geometry, seed);
  }

  /** The same after perspective and a sine wave: the outlines go through the same warp as the pixels. */
  @Property(tries = 40)
  void characterBoxes_stayExact_afterPerspectiveAndSineWave(@ForAll long seed) {
    checkCharacterBoxes(warped, seed);
  }

  private static void checkCharacterBoxes(OcrLinesGenerator generator, long seed) {
    long index = Math.floorMod(seed, 1000);
    OcrLinesGenerator.Rendered line = generator.render(index, Seeds.random(seed, index), -1);
    List<OcrLinesGenerator.CharBox> chars = line.chars();
    double[][] centres = new double[chars.size()][];
    for (int k = 0; k < chars.size(); k++) {
      OcrLinesGenerator.CharBox c = chars.get(k);
      OcrLinesGenerator.Rendered alone = generator.render(index, Seeds.random(seed, index), c.index());
      assertThat(alone.width()).isEqualTo(line.width());
      double[] b = c.box();
      double sx = 0, sy = 0, sw = 0;
      for (int y = 0; y < alone.height(); y++) {
        for (int x = 0; x < alone.width(); x++) {
          int v = alone.rgb()[y * alone.width() + x] & 255;
          if (v > 24) {
            assertThat(x + 1 > b[0] - 1 && x < b[2] + 1 && y + 1 > b[1] - 1 && y < b[3] + 1)
                .as("ink of '%s' (#%d) at (%d,%d) value %d lies in its box %s of line \"%s\"", c.ch(), c.index(), x,
                    y, v, java.util.Arrays.toString(b), line.params().text())
                .isTrue();
          }
          sx += v * (x + 0.5);
          sy += v * (y + 0.5);
          sw += v;
        }
      }
      centres[k] = sw == 0 ? null : new double[] {sx / sw, sy / sw};
    }
    for (int k = 0; k < chars.size(); k++) {
      double[] b = chars.get(k).box();
      for (int j = 0; j < chars.size(); j++) {
        if (j != k && centres[j] != null) {
          boolean inside = centres[j][0] > b[0] && centres[j][0] < b[2] && centres[j][1] > b[1] && centres[j][1] < b[3];
          assertThat(inside).as("ink centre of '%s' inside the box of '%s' in \"%s\"", chars.get(j).ch(),
              chars.get(k).ch(), line.params().text()).isFalse();
        }
      }
    }
  }

  /**
   * Lines come out byte-identical (image and boxes) in any index order and on any thread, with every effect on:
   * the per-thread raster and deflater a generator reuses carry nothing from one line to the next.
   */
  @Property(tries = 12)
  void anyIndexOrder_andAnyThread_giveIdenticalBytes(@ForAll long seed, @ForAll long shuffleSeed) throws Exception {
    Generator g = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optPerspective(Distribution.uniform(0, 0.1)).optSineWave(Distribution.uniform(0, 2),
            Distribution.uniform(40, 90))
        .optMotionBlur(Distribution.uniform(0, 4)).optJpegQuality(Distribution.uniform(40, 95)).build()
        .newGenerator();
    int n = 8;
    List<byte[]> images = new java.util.ArrayList<>(), boxes = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      GeneratedSample s = Synth.sample(g, seed, i);
      images.add(s.data().bytes());
      boxes.add(s.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes());
    }
    List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
    java.util.Collections.shuffle(order, new java.util.Random(shuffleSeed));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<GeneratedSample>> again = new java.util.ArrayList<>();
      for (int i : order) {
        again.add(pool.submit(() -> Synth.sample(g, seed, i)));
      }
      for (int k = 0; k < n; k++) {
        GeneratedSample s = again.get(k).get();
        assertThat(s.data().bytes()).isEqualTo(images.get(order.get(k)));
        assertThat(s.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes()).isEqualTo(boxes.get(order.get(k)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void wordBoxes_areTheUnionOfTheirCharacters_andTheLabelIsTheText() throws Exception {
    GeneratedSample s = Synth.sample(geometry, 3, 14);
    String text = ((TextLabel) s.label().orElseThrow()).text();
    JsonNode boxes = new ObjectMapper().readTree(s.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes());
    assertThat(boxes.get("chars")).hasSize(text.replace(" ", "").length());
    String[] words = text.split(" ");
    assertThat(boxes.get("words")).hasSize(words.length);
    int ci = 0;
    for (int w = 0; w < words.length; w++) {
      JsonNode wb = boxes.get("words").get(w);
      assertThat(wb.get("text").asText()).isEqualTo(words[w]);
      double x1 = Double.MAX_VALUE, x2 = -1;
      for (int k = 0; k < words[w].length(); k++, ci++) {
        JsonNode cb = boxes.get("chars").get(ci);
        assertThat(cb.get("char").asText()).isEqualTo(words[w].substring(k, k + 1));
        x1 = Math.min(x1, cb.get("box").get(0).asDouble());
        x2 = Math.max(x2, cb.get("box").get(2).asDouble());
      }
      assertThat(wb.get("box").get(0).asDouble()).isEqualTo(x1);
      assertThat(wb.get("box").get(2).asDouble()).isEqualTo(x2);
    }
  }

  @Test
  void oneAndTwoThreads_giveTheSameImagesAndBoxes() throws Exception {
    Generator g = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS).build()
        .newGenerator();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DatasetVersion one = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore(), clock))
        .setSeed(0).setRange(0, 60).optClock(clock).build().run();
    DatasetVersion two = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore(), clock))
        .setSeed(0).setRange(0, 60).optThreads(2).optChunk(3).optClock(clock).build().run();
    assertThat(two.id()).isEqualTo(one.id());
    for (int i = 0; i < 60; i++) {
      var b1 = one.get(i).blob(OcrLinesConfig.BOXES_BLOB).orElseThrow();
      assertThat(two.readBlob(two.get(i).blob(OcrLinesConfig.BOXES_BLOB).orElseThrow())).isEqualTo(one.readBlob(b1));
    }
  }

  /**
   * Boxes are tight too: each side of a word box touches that word's ink (within 2 px) after the warp. "Ink" counts
   * antialiased pixels down to 10% coverage, which the bilinear resampling of the perspective and sine warps
   * spreads further; over 400 tries the largest gap was 1.75 px (1% of tries above 1.5 px, the bound this test
   * had first, which made it fail one run in five), the same 2 px the receipts test allows.
   */
  @Property(tries = 20)
  void wordBoxes_areTight_afterTheWarp(@ForAll long seed) {
    long index = Math.floorMod(seed, 1000);
    OcrLinesGenerator.Rendered line = warped.render(index, Seeds.random(seed, index), -1);
    double[] ink = {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
    for (OcrLinesGenerator.CharBox c : line.chars()) {
      OcrLinesGenerator.Rendered alone = warped.render(index, Seeds.random(seed, index), c.index());
      for (int y = 0; y < alone.height(); y++) {
        for (int x = 0; x < alone.width(); x++) {
          if ((alone.rgb()[y * alone.width() + x] & 255) > 24) {
            ink[0] = Math.min(ink[0], x);
            ink[1] = Math.min(ink[1], y);
            ink[2] = Math.max(ink[2], x + 1);
            ink[3] = Math.max(ink[3], y + 1);
          }
        }
      }
    }
    double[] all = {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
    for (OcrLinesGenerator.WordBox w : line.words()) {
      all[0] = Math.min(all[0], w.box()[0]);
      all[1] = Math.min(all[1], w.box()[1]);
      all[2] = Math.max(all[2], w.box()[2]);
      all[3] = Math.max(all[3], w.box()[3]);
    }
    for (int k = 0; k < 4; k++) {
      assertThat(Math.abs(all[k] - ink[k])).as("side %d of the line's word boxes %s vs its ink %s in \"%s\"", k,
          java.util.Arrays.toString(all), java.util.Arrays.toString(ink), line.params().text()).isLessThan(2.0);
    }
  }

  @Test
  void allEffects_areDeterministic_andImageBackgroundsShowThroughTheLine() throws Exception {
    Path backgrounds = Files.createDirectories(tmp.resolve("backgrounds"));
    java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(50, 20,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 50; x++) {
        red.setRGB(x, y, 0xc00000 | (x * 4) << 8);
      }
    }
    javax.imageio.ImageIO.write(red, "png", backgrounds.resolve("red.png").toFile());
    OcrLinesConfig c = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optBackgroundFolder(backgrounds).optBackground(dev.datamgmt.synth.dist.WeightedChoice.uniform(
            List.of("image")), Distribution.constant(255), 0)
        .optPerspective(Distribution.uniform(0, 0.1)).optSineWave(Distribution.uniform(0, 2),
            Distribution.uniform(40, 90))
        .optMotionBlur(Distribution.uniform(0, 5)).optJpegQuality(Distribution.uniform(30, 90)).build();
    Generator g = c.newGenerator();
    for (int i = 0; i < 12; i++) {
      GeneratedSample a = Synth.sample(g, 5, i);
      GeneratedSample b = Synth.sample(Generators.readConfig(Generators.writeConfig(c)).newGenerator(), 5, i);
      assertThat(b.data().bytes()).isEqualTo(a.data().bytes());
      assertThat(b.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes())
          .isEqualTo(a.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes());
      var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(a.data().bytes()));
      int corner = img.getRGB(0, 0) & 0xffffff;
      assertThat(corner >>> 16).as("red of the background image in the corner of line %d", i).isGreaterThan(140);
      assertThat(corner & 255).as("no blue in the background image, line %d", i).isLessThan(70);
    }
    assertThat(Synth.sample(g, 5, 3).data().bytes()).isNotEqualTo(Synth.sample(g, 6, 3).data().bytes());
  }

  @Test
  void quasicrystalBackgrounds_areWavyAndDeterministic() throws Exception {
    OcrLinesConfig c = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optBackground(dev.datamgmt.synth.dist.WeightedChoice.uniform(List.of("quasicrystal")),
            Distribution.uniform(220, 255), 0)
        .optBlur(Distribution.constant(0)).optNoise(Distribution.constant(0)).build();
    assertThat(Generators.readConfig(Generators.writeConfig(c))).isEqualTo(c);
    for (int i = 0; i < 6; i++) {
      GeneratedSample a = Synth.sample(c.newGenerator(), 9, i);
      assertThat(Synth.sample(c.newGenerator(), 9, i).data().bytes()).isEqualTo(a.data().bytes());
      var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(a.data().bytes()));
      java.util.Set<Integer> top = new java.util.HashSet<>();
      for (int x = 0; x < img.getWidth(); x++) {
        top.add(img.getRGB(x, 0) & 255);
      }
      assertThat(top.size()).as("gray levels along the top row of line %d (text never reaches it)", i)
          .isGreaterThan(8);
    }
  }

  @Test
  void withoutBoxes_theImageIsTheSame_andNoBoxesBlobIsStored() throws Exception {
    OcrLinesConfig with = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS).build();
    OcrLinesConfig without = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optBoxes(false).build();
    assertThat(Generators.readConfig(Generators.writeConfig(without))).isEqualTo(without);
    assertThat(Generators.writeConfig(with)).doesNotContain("boxes");
    for (int i = 0; i < 5; i++) {
      GeneratedSample a = Synth.sample(with.newGenerator(), 1, i);
      GeneratedSample b = Synth.sample(without.newGenerator(), 1, i);
      assertThat(b.data().bytes()).isEqualTo(a.data().bytes());
      assertThat(b.extraBlobs()).isEmpty();
      assertThat(a.extraBlobs()).containsKey(OcrLinesConfig.BOXES_BLOB);
    }
  }

  @Test
  void everyLine_hasTheConfiguredHeight_andWordsFromTheList() throws Exception {
    Generator g = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS)
        .optWordsPerLine(2, 3).build().newGenerator();
    for (int i = 0; i < 30; i++) {
      GeneratedSample s = Synth.sample(g, 8, i);
      var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(s.data().bytes()));
      assertThat(img.getHeight()).isEqualTo(32);
      String[] words = ((TextLabel) s.label().orElseThrow()).text().split(" ");
      assertThat(words.length).isBetween(2, 3);
      assertThat(WORDS).contains(words);
    }
  }

  @Test
  void aTextSource_suppliesTheText() throws Exception {
    OcrLinesConfig c = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWords(WORDS).build();
    Generator g = c.newGenerator((index, rng) -> "No. " + index + " total " + rng.nextInt(100) + ".00");
    GeneratedSample s = Synth.sample(g, 1, 42);
    assertThat(((TextLabel) s.label().orElseThrow()).text()).startsWith("No. 42 total ").endsWith(".00");
    assertThat(Generators.configurationJson(g)).contains("textSource");
    Generator bad = c.newGenerator((index, rng) -> "日本");
    assertThatThrownBy(() -> Synth.sample(bad, 1, 5)).isInstanceOf(dev.datamgmt.synth.GenerationException.class)
        .hasMessageContaining("sample index 5").hasMessageContaining("cannot display");
  }

  @Test
  void configuration_roundTripsThroughJson() throws Exception {
    OcrLinesConfig c = OcrLinesConfig.builder().optFontFamilies(List.of("DejaVu Sans")).setWords(WORDS)
        .optSkew(Distribution.truncatedNormal(0, 2, -5, 5)).optFontSize(Distribution.logUniform(12, 30)).build();
    String json = Generators.writeConfig(c);
    assertThat(json).contains("\"generator\":\"ocr-lines\"");
    assertThat(Generators.readConfig(json)).isEqualTo(c);
    assertThat(Synth.sample(Generators.readConfig(json).newGenerator(), 4, 4).data().bytes())
        .isEqualTo(Synth.sample(c.newGenerator(), 4, 4).data().bytes());
  }

  @Test
  void badConfigurations_failAtBuildNamingSettingAndValue() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> OcrLinesConfig.builder().optFontFolder(empty).setWords(WORDS).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.fontFolder")
        .hasMessageContaining("no font files").hasMessageContaining(empty.toString());
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("Fake.ttf"), "this is not a font");
    assertThatThrownBy(() -> OcrLinesConfig.builder().optFontFolder(broken).setWords(WORDS).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("Fake.ttf");
    assertThatThrownBy(() -> OcrLinesConfig.builder().optFontFamilies(List.of("No Such Font 123")).setWords(WORDS)
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("No Such Font 123");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optMaxWidth(120).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.maxWidth")
        .hasMessageContaining("cannot fit");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optSkew(Distribution.uniform(-60, 60)).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.skew");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optBackgroundFolder(empty).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.backgroundFolder")
        .hasMessageContaining("no image files");
    Path notImages = Files.createDirectories(tmp.resolve("not-images"));
    Files.writeString(notImages.resolve("paper.png"), "not a png");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optBackgroundFolder(notImages).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("paper.png");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optBackground(
            dev.datamgmt.synth.dist.WeightedChoice.uniform(List.of("image")), Distribution.constant(200), 0).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("backgroundFolder unset");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optPerspective(Distribution.uniform(0, 0.5))
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.perspective");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optSineWave(Distribution.uniform(0, 2), null)
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.sinePeriod");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optJpegQuality(Distribution.uniform(0, 90))
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.jpegQuality");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optMotionBlur(Distribution.uniform(-1, 3))
            .build())
        .isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optWordsPerLine(4, 2).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("[4, 2]");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(List.of("ok", "日本")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("日本");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(List.of("two words")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("two words");
    Path blank = Files.writeString(tmp.resolve("blank.txt"), "\n  \n");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWordFile(blank).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ocr.wordFile");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWordFile(tmp.resolve("missing.txt")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("missing.txt");
    assertThatThrownBy(() -> OcrLinesConfig.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("words");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).setWordFile(blank).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("wordFile");
    assertThatThrownBy(() -> OcrLinesConfig.builder().setWords(WORDS).optFontFolder(TestFonts.folder(tmp))
            .optFontFamilies(List.of("DejaVu Sans")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("fontFolder").hasMessageContaining(
            "fontFamilies");
  }

  @Test
  void aWordFile_isReadLineByLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("words.txt"), "alpha\n beta \n\ngamma\n");
    OcrLinesConfig c = OcrLinesConfig.builder().optFontFolder(TestFonts.folder(tmp)).setWordFile(file)
        .optWordsPerLine(1, 1).build();
    assertThat(c.wordList()).containsExactly("alpha", "beta", "gamma");
    assertThat(((TextLabel) Synth.sample(c.newGenerator(), 0, 0).label().orElseThrow()).text())
        .isIn("alpha", "beta", "gamma");
  }
}
