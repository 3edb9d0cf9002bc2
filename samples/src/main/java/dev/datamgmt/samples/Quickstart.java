package dev.datamgmt.samples;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The quickstart: makes a tiny labeled image dataset with a fixed seed, stores the pixels content-addressed,
 * validates the records against a schema, writes the record table as JSON Lines to a local folder, and has
 * the DJL PyTorch engine (CPU, offline) compute per-class mean brightness, checked against plain Java.
 *
 * <p>Run: {@code mvn -B -q -Pquickstart -pl samples -am verify -DskipTests}. Argument: the output folder
 * (default {@code target/quickstart}).
 */
public final class Quickstart {
  private static final int SIDE = 8;

  private Quickstart() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/quickstart");
    Files.createDirectories(out);

    DatasetSchema schema = DatasetSchema.builder()
        .setLabelKind(LabelKind.CLASS).addClassNames("dark", "bright").optLabelRequired(true).build();

    List<Record> records = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    try (BlobStore store = new InMemoryBlobStore()) {
      for (int i = 0; i < 12; i++) {
        int cls = i % 2;
        byte[] img = new byte[SIDE * SIDE];
        for (int p = 0; p < img.length; p++) {
          img[p] = (byte) (cls == 0 ? random.nextInt(0, 100) : random.nextInt(150, 256));
        }
        BlobRef ref = BlobRef.of(img, "application/x-gray8");
        store.put("objects/sha256/" + ref.hash().hex(), img);
        Record r = Record.builder(String.format("img-%03d", i))
            .setBlob(ref).optLabel(ClassLabel.of(cls)).optSplit(i < 10 ? Split.TRAIN : Split.TEST)
            .addAttribute("side", SIDE).build();
        schema.validate(r);
        records.add(r);
        byte[] stored = store.get("objects/sha256/" + ref.hash().hex());
        ref.hash().verify(stored, "objects/sha256/" + ref.hash().hex());
        pixels.add(stored);
      }
      System.out.printf("stored %d blobs in %s, all verified against their SHA-256%n", records.size(), store.describe());
    }

    Path table = out.resolve("records.jsonl");
    StringBuilder jsonl = new StringBuilder();
    for (Record r : records) {
      jsonl.append(Json.write(r)).append('\n');
    }
    Files.writeString(table, jsonl, StandardCharsets.UTF_8);
    List<String> lines = Files.readAllLines(table);
    for (int i = 0; i < lines.size(); i++) {
      if (!Json.read(lines.get(i), Record.class, table + ":" + (i + 1)).equals(records.get(i))) {
        throw new IllegalStateException("record table did not round-trip at line " + (i + 1));
      }
    }
    System.out.printf("wrote %d records to %s and read them back identical%n", records.size(), table.toAbsolutePath());
    System.out.println("first record: " + lines.get(0));

    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      for (int cls = 0; cls < 2; cls++) {
        List<float[]> rows = new ArrayList<>();
        double javaSum = 0;
        for (int i = 0; i < records.size(); i++) {
          if (((ClassLabel) records.get(i).label().orElseThrow()).index() == cls) {
            float[] f = new float[SIDE * SIDE];
            for (int p = 0; p < f.length; p++) {
              f[p] = (pixels.get(i)[p] & 0xff) / 255f;
              javaSum += f[p];
            }
            rows.add(f);
          }
        }
        float[] flat = new float[rows.size() * SIDE * SIDE];
        for (int r = 0; r < rows.size(); r++) {
          System.arraycopy(rows.get(r), 0, flat, r * SIDE * SIDE, SIDE * SIDE);
        }
        NDArray batch = manager.create(flat, new Shape(rows.size(), 1, SIDE, SIDE));
        float djlMean = batch.mean().getFloat();
        double javaMean = javaSum / flat.length;
        if (Math.abs(djlMean - javaMean) > 1e-5) {
          throw new IllegalStateException("DJL mean " + djlMean + " != Java mean " + javaMean);
        }
        System.out.printf("class %-6s: %d images, mean brightness %.4f (DJL %s on %s agrees with plain Java)%n",
            schema.classNames().get(cls), rows.size(), djlMean, manager.getEngine().getEngineName(), manager.getDevice());
      }
    }
  }
}
