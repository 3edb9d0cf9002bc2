package dev.datamgmt.samples.synth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
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
import dev.datamgmt.synth.preview.PreviewGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic generator written by a user (the {@code Generator} SPI of datamgmt-synth), for an inspection model:
 * gray metal plates with dark spots (class 0) and bright scratches (class 1), each with its exact bounding box. The
 * SDK generates it in parallel, commits it as a version whose provenance holds the configuration as JSON, and
 * rebuilds the generator from that provenance to regenerate any sample byte for byte.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.synth.SurfaceDefects -Dsample.args="target/defects 500"
 * </pre>
 */
public final class SurfaceDefects {
  /** Class 0 of the boxes. */
  public static final int SPOT = 0;
  /** Class 1 of the boxes. */
  public static final int SCRATCH = 1;

  private SurfaceDefects() {}

  /**
   * The generator's configuration, as data: a record whose components are its JSON settings and whose constructor
   * validates them. Registered under {@value #NAME}, it can be read back from a version's provenance.
   *
   * @param size the plate's side in pixels, 32..1024
   * @param maxDefects the most defects on one plate, 0..16 (each plate has 0..maxDefects)
   * @param defectSize a defect's size in pixels (a spot's diameter, a scratch's length), lowest >= 3
   */
  // tour:synth-generator:start
  public record Config(int size, int maxDefects, Distribution defectSize) implements GeneratorConfig {
    /** The registered generator name. */
    public static final String NAME = "surface-defects";

    /** Validates the settings; bad ones throw {@link InvalidSettingException} naming the setting and value. */
    @JsonCreator
    public Config(@JsonProperty("size") int size, @JsonProperty("maxDefects") int maxDefects,
        @JsonProperty("defectSize") Distribution defectSize) {
      if (size < 32 || size > 1024) {
        throw new InvalidSettingException("surface-defects.size", "32..1024", size);
      }
      if (maxDefects < 0 || maxDefects > 16) {
        throw new InvalidSettingException("surface-defects.maxDefects", "0..16", maxDefects);
      }
      if (defectSize == null || defectSize.lowest() < 3 || defectSize.highest() > size / 2.0) {
        throw new InvalidSettingException("surface-defects.defectSize", "a distribution within [3, size / 2]",
            defectSize);
      }
      this.size = size;
      this.maxDefects = maxDefects;
      this.defectSize = defectSize;
    }

    @Override
    public Generator newGenerator() {
      return new Generator() {
        @Override
        public String name() {
          return NAME;
        }

        @Override
        public String version() {
          return "1";   // bump when the same settings would draw different pixels
        }

        @Override
        public Object configuration() {
          return Config.this;
        }

        @Override
        public GeneratedSample generate(long index, SplittableRandom random) {
          return plate(Config.this, random);   // everything random comes from this sample's stream
        }
      };
    }
  }
  // tour:synth-generator:end

  /** Draws one plate: a brushed texture, then 0..maxDefects spots and scratches, each boxed by the pixels it set. */
  static GeneratedSample plate(Config c, SplittableRandom random) {
    int n = c.size();
    byte[] px = new byte[n * n];
    int base = 110 + random.nextInt(40);
    double[] rowShade = new double[n];
    for (int y = 0; y < n; y++) {
      rowShade[y] = random.nextGaussian() * 4;   // brushed metal: a shade per row, plus pixel noise
    }
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        px[y * n + x] = (byte) clamp(base + rowShade[y] + random.nextGaussian() * 6);
      }
    }
    int defects = random.nextInt(c.maxDefects() + 1);
    List<Box> boxes = new ArrayList<>();
    for (int d = 0; d < defects; d++) {
      int kind = random.nextInt(2);
      double length = c.defectSize().sample(random);
      // a defect's extent: [minX, minY, maxX, maxY] of the pixels it painted
      int[] extent = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
      if (kind == SPOT) {
        double r = length / 2, cx = r + random.nextDouble() * (n - 2 * r), cy = r + random.nextDouble() * (n - 2 * r);
        int dark = 20 + random.nextInt(40);
        for (int y = (int) Math.floor(cy - r); y <= (int) Math.ceil(cy + r); y++) {
          for (int x = (int) Math.floor(cx - r); x <= (int) Math.ceil(cx + r); x++) {
            if (x >= 0 && y >= 0 && x < n && y < n && Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) {
              paint(px, n, x, y, dark, extent);
            }
          }
        }
      } else {
        double angle = random.nextDouble() * Math.PI;
        double dx = Math.cos(angle) * length, dy = Math.sin(angle) * length;
        double x0 = Math.max(0, -dx) + random.nextDouble() * (n - Math.abs(dx) - 1);
        double y0 = random.nextDouble() * (n - dy - 1);
        int bright = 215 + random.nextInt(40);
        int steps = (int) Math.ceil(length * 2);
        for (int s = 0; s <= steps; s++) {
          paint(px, n, (int) (x0 + dx * s / steps), (int) (y0 + dy * s / steps), bright, extent);
        }
      }
      if (extent[2] >= 0) {
        boxes.add(new Box(extent[0], extent[1], extent[2] + 1, extent[3] + 1, kind));
      }
    }
    return GeneratedSample.builder()
        .setData(Png.encode(px, n, n, 1), "image/png")
        .optLabel(new BoxesLabel(boxes))
        .addAttribute("defects", boxes.size())
        .addAttribute("plateLevel", base)
        .build();
  }

  private static void paint(byte[] px, int n, int x, int y, int value, int[] extent) {
    px[y * n + x] = (byte) value;
    extent[0] = Math.min(extent[0], x);
    extent[1] = Math.min(extent[1], y);
    extent[2] = Math.max(extent[2], x);
    extent[3] = Math.max(extent[3], y);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /**
   * Commits {@code count} plates to branch {@code defects} of a repository under {@code out/repo}, writes
   * {@code out/defects.png} (a preview with the boxes drawn) and regenerates sample 17 from the version's
   * provenance alone.
   *
   * @param out the output folder (a repository there is reused; the same run twice commits nothing new)
   * @param count how many plates
   * @return the committed version
   * @throws Exception if generation or the repository fails
   */
  public static DatasetVersion run(Path out, int count) throws Exception {
    Files.createDirectories(out);
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Files.exists(out.resolve("repo").resolve(Repository.MARKER_KEY))
          ? Repository.open(store) : Repository.init(store);
      // tour:synth-provenance:start
      Generators.register(Config.NAME, Config.class);                 // once, before reading provenance
      Generator plates = new Config(96, 3, Distribution.uniform(4, 20)).newGenerator();
      DatasetVersion v = Synth.commit(plates).setRepository(repo).optBranch("defects")
          .setSeed(2026).setRange(0, count).optThreads(2).build().run();

      // Later, anywhere: the version's provenance rebuilds the generator, which regenerates any sample exactly.
      String json = v.commit().provenance().orElseThrow().steps().get(0).settings().get("configuration");
      Generator rebuilt = Generators.readConfig(json).newGenerator();
      byte[] again = Synth.sample(rebuilt, 2026, 17).data().bytes();
      boolean same = Arrays.equals(again, v.readBlob(v.get(17).blob().orElseThrow()));
      // tour:synth-provenance:end
      if (!same) {
        throw new IllegalStateException("sample 17 regenerated from the provenance differs from the stored one");
      }
      Files.write(out.resolve("defects.png"),
          PreviewGrid.builder(plates).setSeed(2026).optRange(0, 12).optColumns(4).build().render());
      long boxes = v.stream().mapToLong(r -> ((BoxesLabel) r.label().orElseThrow()).boxes().size()).sum();
      System.out.printf("committed %d plates with %d defect boxes as %s on branch defects in %s%n", v.size(), boxes,
          v.id(), out.resolve("repo"));
      System.out.printf("provenance: %s%n", json);
      System.out.printf("sample 17 regenerated from that provenance: identical bytes; preview %s%n",
          out.resolve("defects.png"));
      return v;
    }
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/defects}) and the plate count (default 500)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    run(Path.of(args.length > 0 ? args[0] : "target/defects"), args.length > 1 ? Integer.parseInt(args[1]) : 500);
  }
}
