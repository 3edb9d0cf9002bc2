package dev.datamgmt.synth.receipt;

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
import dev.datamgmt.synth.ocr.TestFonts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReceiptsGeneratorTest {
  private static Path tmp;
  private static ReceiptsConfig config;
  private static ReceiptsGenerator generator;

  /** Small receipts with strong crumpling and perspective, DejaVu Sans Mono from the committed fonts. */
  private static synchronized void init() throws Exception {
    if (tmp != null) {
      return;
    }
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "receipt-test");
    Path fonts = Files.createDirectories(dir.resolve("mono"));
    Files.copy(TestFonts.folder(dir).resolve("DejaVuSansMono.ttf"), fonts.resolve("DejaVuSansMono.ttf"));
    config = ReceiptsConfig.builder().optFontFolder(fonts).optPaperWidth(260).optFontSize(Distribution.uniform(10,
            13)).optItemsPerReceipt(2, 6).optUnitPrice(Distribution.logUniform(0.2, 20))
        .optCrumple(Distribution.uniform(0, 10)).optPerspective(Distribution.uniform(0, 0.15))
        .optTaxPercent(Distribution.uniform(0, 25)).build();
    generator = (ReceiptsGenerator) config.newGenerator();
    tmp = dir;
  }

  @BeforeTry
  void setUpTry() throws Exception {
    init();
  }

  @BeforeEach
  void setUp() throws Exception {
    init();
  }

  private static long cents(String amount) {
    assertThat(amount).matches("\\d+\\.\\d\\d");
    return Long.parseLong(amount.replace(".", ""));
  }

  /** The items add up to the subtotal, subtotal and tax to the total; the key fields are what is printed. */
  @Property(tries = 25)
  void totalsAddUp_andKeyFieldsAreThePrintedOnes(@ForAll long seed) throws Exception {
    long index = Math.floorMod(seed, 10_000);
    GeneratedSample s = Synth.sample(generator, seed, index);
    List<String> lines = ((TextLabel) s.label().orElseThrow()).text().lines().toList();
    int items = ((Long) s.attributes().get("items")).intValue();
    assertThat(lines).hasSize(3 + items + 3);
    long sum = 0;
    for (int k = 3; k < 3 + items; k++) {
      String[] w = lines.get(k).split(" ");
      long qty = Long.parseLong(w[w.length - 4]);
      assertThat(w[w.length - 3]).isEqualTo("x");
      long amount = cents(w[w.length - 1]);
      assertThat(amount).as("amount = quantity x unit price in %s", lines.get(k))
          .isEqualTo(qty * cents(w[w.length - 2]));
      sum += amount;
    }
    String[] subtotal = lines.get(3 + items).split(" ");
    String[] tax = lines.get(4 + items).split(" ");
    String[] total = lines.get(5 + items).split(" ");
    assertThat(subtotal[0]).isEqualTo("SUBTOTAL");
    assertThat(cents(subtotal[1])).isEqualTo(sum);
    assertThat(total[0]).isEqualTo("TOTAL");
    assertThat(cents(total[2])).isEqualTo(cents(subtotal[1]) + cents(tax[2]));
    assertThat(s.attributes().get("total")).isEqualTo(total[2]);
    assertThat(s.attributes().get("tax")).isEqualTo(tax[2]);
    String date = (String) s.attributes().get("date");
    assertThat(lines.get(2)).startsWith(date + " ");
    assertThat(LocalDate.parse(date)).isBetween(LocalDate.parse(config.dateFrom()), LocalDate.parse(config.dateTo()));
    var image = ImageIO.read(new ByteArrayInputStream(s.data().bytes()));
    assertThat(s.data().mediaType()).isEqualTo("image/jpeg");
    assertThat(image.getWidth()).isGreaterThan(config.paperWidth());
  }

  /**
   * After crumpling and perspective, each side of each word's box lies within 2 output pixels of that word's ink:
   * the box contains the ink and is tight. (Bilinear resampling spreads ink by one paper pixel, which the camera's
   * perspective may enlarge to about 1.3 output pixels, and a pixel counts as ink from a value of 24 on.)
   */
  @Property(tries = 8)
  void wordBoxes_stayExact_afterCrumpleAndPerspective(@ForAll long seed) {
    long index = Math.floorMod(seed, 10_000);
    ReceiptsGenerator.Rendered full = generator.render(index, Seeds.random(seed, index), -1);
    SplittableRandom pick = new SplittableRandom(seed);
    for (int t = 0; t < 4; t++) {
      int k = pick.nextInt(full.words().size());
      ReceiptsGenerator.Word word = full.words().get(k);
      ReceiptsGenerator.Rendered alone = generator.render(index, Seeds.random(seed, index), k);
      assertThat(alone.width()).isEqualTo(full.width());
      double[] ink = {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
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
      double[] b = word.box();
      assertThat(ink[2]).as("word %s has ink", word.text()).isGreaterThan(0);
      assertThat(ink[0]).as("left of '%s': ink %s box %s", word.text(), Arrays.toString(ink), Arrays.toString(b))
          .isBetween(b[0] - 2, b[0] + 2);
      assertThat(ink[1]).as("top of '%s': ink %s box %s", word.text(), Arrays.toString(ink), Arrays.toString(b))
          .isBetween(b[1] - 2, b[1] + 2);
      assertThat(ink[2]).as("right of '%s': ink %s box %s", word.text(), Arrays.toString(ink), Arrays.toString(b))
          .isBetween(b[2] - 2, b[2] + 2);
      assertThat(ink[3]).as("bottom of '%s': ink %s box %s", word.text(), Arrays.toString(ink), Arrays.toString(b))
          .isBetween(b[3] - 2, b[3] + 2);
    }
  }

  @Test
  void lineBoxes_areTheUnionOfTheirWords_andTextsMatch() throws Exception {
    GeneratedSample s = Synth.sample(generator, 11, 3);
    JsonNode boxes = new ObjectMapper().readTree(s.extraBlobs().get(ReceiptsConfig.BOXES_BLOB).bytes());
    List<String> lines = ((TextLabel) s.label().orElseThrow()).text().lines().toList();
    assertThat(boxes.get("lines")).hasSize(lines.size());
    for (int k = 0; k < lines.size(); k++) {
      JsonNode line = boxes.get("lines").get(k);
      assertThat(line.get("text").asText()).isEqualTo(lines.get(k));
      StringBuilder text = new StringBuilder();
      double x1 = Double.MAX_VALUE, y2 = -1;
      for (JsonNode w : boxes.get("words")) {
        if (w.get("line").asInt() == k) {
          text.append(text.length() == 0 ? "" : " ").append(w.get("text").asText());
          x1 = Math.min(x1, w.get("box").get(0).asDouble());
          y2 = Math.max(y2, w.get("box").get(3).asDouble());
        }
      }
      assertThat(text.toString()).isEqualTo(lines.get(k));
      assertThat(line.get("box").get(0).asDouble()).isEqualTo(x1);
      assertThat(line.get("box").get(3).asDouble()).isEqualTo(y2);
    }
  }

  @Test
  void oneAndTwoThreads_andReversedOrder_giveTheSameVersion() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DatasetVersion one = Synth.commit(generator).setRepository(Repository.init(new InMemoryBlobStore(), clock))
        .setSeed(0).setRange(0, 8).optClock(clock).build().run();
    DatasetVersion two = Synth.commit(generator).setRepository(Repository.init(new InMemoryBlobStore(), clock))
        .setSeed(0).setRange(0, 8).optThreads(2).optChunk(1).optClock(clock).build().run();
    assertThat(two.id()).isEqualTo(one.id());
    for (int i = 7; i >= 0; i--) {
      GeneratedSample s = Synth.sample(generator, 0, i);
      assertThat(one.readBlob(one.get(i).blob().orElseThrow())).isEqualTo(s.data().bytes());
    }
  }

  @Test
  void configuration_roundTripsThroughJson() throws Exception {
    String json = Generators.writeConfig(config);
    assertThat(json).contains("\"generator\":\"receipts\"");
    assertThat(Generators.readConfig(json)).isEqualTo(config);
    Generator again = Generators.readConfig(json).newGenerator();
    assertThat(Synth.sample(again, 2, 9).data().bytes()).isEqualTo(Synth.sample(generator, 2, 9).data().bytes());
  }

  @Test
  void badConfigurations_failAtBuildNamingSettingAndValue() throws Exception {
    Path fonts = TestFonts.folder(tmp);
    ReceiptsConfig.Builder ok = ReceiptsConfig.builder().optFontFolder(fonts);
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optCrumple(Distribution.uniform(0, 40))
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.crumple");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optPaperWidth(160)
            .optCrumple(Distribution.constant(0)).optItems(List.of("A very long item name that cannot fit")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.paperWidth")
        .hasMessageContaining("cannot fit");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optItemsPerReceipt(5, 2).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("[5, 2]");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optDates("2026-02-30", "2026-03-01")
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.dateFrom")
        .hasMessageContaining("2026-02-30");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optDates("2026-03-01", "2025-03-01")
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.dateTo");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optUnitPrice(Distribution.uniform(-1, 3))
            .build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.unitPrice");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optItems(List.of("ok", "日本")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("日本");
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(fonts).optCurrency("euro").build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.currency");
    Path empty = Files.createDirectories(tmp.resolve("no-fonts"));
    assertThatThrownBy(() -> ReceiptsConfig.builder().optFontFolder(empty).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("receipt.fontFolder")
        .hasMessageContaining("no font files");
    assertThat(ok.build().paperWidth()).isEqualTo(384);
  }
}
