package dev.datamgmt.samples;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import dev.datamgmt.synth.preview.PreviewGrid;
import dev.datamgmt.synth.receipt.ReceiptsConfig;
import dev.datamgmt.synth.shapes.ShapesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic data into a versioned dataset: a user-written generator ({@link StripesConfig}, one small class),
 * the built-in shapes, OCR-line and receipt generators, each committed as a version with provenance, and a preview PNG per
 * generator.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.SyntheticData -Dsample.args=target/synthetic
 * </pre>
 */
public final class SyntheticData {
  private SyntheticData() {}

  /**
   * A user's generator: stripes at a random angle with a random period, labelled by orientation (0 = mostly
   * horizontal, 1 = mostly vertical, 2 = diagonal). Implementing {@link GeneratorConfig} and registering it makes
   * its configuration readable back from the provenance JSON.
   *
   * @param size image side in pixels, 8..1024
   * @param period stripe period in pixels (lowest >= 2)
   */
  public record StripesConfig(int size, Distribution period) implements GeneratorConfig {
    /** The registered name. */
    public static final String NAME = "stripes";

    /** Validates. */
    @JsonCreator
    public StripesConfig(@JsonProperty("size") int size, @JsonProperty("period") Distribution period) {
      if (size < 8 || size > 1024) {
        throw new InvalidSettingException("stripes.size", "8..1024", size);
      }
      if (period == null || period.lowest() < 2) {
        throw new InvalidSettingException("stripes.period", "a distribution with lowest value >= 2", period);
      }
      this.size = size;
      this.period = period;
    }

    @Override
    public Generator newGenerator() {
      StripesConfig config = this;
      return new Generator() {
        @Override
        public String name() {
          return NAME;
        }

        @Override
        public String version() {
          return "1";
        }

        @Override
        public Object configuration() {
          return config;
        }

        @Override
        public GeneratedSample generate(long index, SplittableRandom random) {
          double angle = random.nextDouble() * Math.PI;
          double p = period.sample(random);
          int fg = random.nextInt(128), bg = 128 + random.nextInt(128);
          double cx = Math.cos(angle), sy = Math.sin(angle);
          byte[] px = new byte[size * size];
          for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
              double t = (x * cx + y * sy) / p;
              px[y * size + x] = (byte) (t - Math.floor(t) < 0.5 ? fg : bg);
            }
          }
          double deg = Math.toDegrees(angle);
          // the stripes run perpendicular to the gradient direction
          int orientation = deg < 22.5 || deg >= 157.5 ? 1 : deg >= 67.5 && deg < 112.5 ? 0 : 2;
          return GeneratedSample.builder()
              .setData(Png.encode(px, size, size, 1), "image/png")
              .optLabel(ClassLabel.of(orientation))
              .addAttribute("angleDegrees", deg)
              .addAttribute("period", p)
              .build();
        }
      };
    }
  }

  /**
   * Generates into {@code args[0]/repo} and writes previews to {@code args[0]/previews}.
   *
   * @param args the output folder (default {@code target/synthetic})
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/synthetic");
    Path previews = Files.createDirectories(out.resolve("previews"));
    Generators.register(StripesConfig.NAME, StripesConfig.class);
    List<Generator> generators = List.of(
        new StripesConfig(64, Distribution.logUniform(4, 24)).newGenerator(),
        ShapesConfig.builder().setSize(128, 128).build().newGenerator(),
        OcrLinesConfig.builder().setWords(List.of("invoice", "total", "Qty", "12.50", "EUR", "paid", "2026-01-31",
            "datamgmt", "synthetic", "receipt", "No.", "4711")).build().newGenerator(),
        ReceiptsConfig.builder().build().newGenerator());
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Repository.init(store);
      for (Generator g : generators) {
        int n = g.name().equals(ReceiptsConfig.NAME) ? 40 : 200; // a receipt is a whole photographed page
        DatasetVersion v = Synth.commit(g).setRepository(repo).optBranch(g.name()).setSeed(2026).setRange(0, n)
            .optThreads(2).build().run();
        Files.write(previews.resolve(g.name() + ".png"),
            PreviewGrid.builder(g).setSeed(2026).optRange(0, 12).optColumns(4).build().render());
        System.out.printf("%-10s %d samples -> version %s on branch %s; preview %s%n", g.name(), v.size(),
            v.id(), g.name(), previews.resolve(g.name() + ".png"));
      }
    }
  }
}
