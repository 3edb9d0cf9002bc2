package dev.datamgmt.samples.synth;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import dev.datamgmt.synth.preview.PreviewGrid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic OCR lines committed as a dataset version, with a preview grid: each record is a PNG of one line of text,
 * its {@code TextLabel} and a {@code boxes} blob with exact character and word boxes; the version's provenance names
 * the generator, its JSON configuration, the seed and the range.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.synth.OcrLines -Dsample.args="target/ocr-lines 2000"
 * </pre>
 *
 * <p>It renders with the DejaVu fonts committed in datamgmt-synth (with their licence), so the bytes are the same on
 * every machine; point {@code optFontFolder} at your own fonts, or use {@code optFontFamilies} for installed ones.
 */
public final class OcrLines {
  /** The DejaVu fonts committed in datamgmt-synth, relative to the samples folder (where Maven runs samples). */
  public static final Path FONTS = Path.of("../datamgmt-synth/src/test/resources/fonts/dejavu");

  private OcrLines() {}

  /**
   * Generates {@code count} lines into a new repository under {@code out/repo} (branch {@code ocr-lines}) and writes
   * {@code out/ocr-lines.png}, a preview of the first 16 with their boxes and text.
   *
   * @param out the output folder (created; a repository already there is reused, and the same run twice commits
   *     nothing new)
   * @param count how many lines
   * @return the committed version
   * @throws Exception if the fonts cannot be read or the repository cannot be written
   */
  public static DatasetVersion run(Path out, int count) throws Exception {
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Files.exists(out.resolve("repo").resolve(Repository.MARKER_KEY))
          ? Repository.open(store) : Repository.init(store);
      // tour:synth-ocr:start
      Generator ocr = OcrLinesConfig.builder()
          .setWords(List.of("invoice", "total", "Qty", "12.50", "EUR", "paid", "2026-01-31", "No.", "4711"))
          .optFontFolder(FONTS)                                       // or optFontFamilies(List.of("DejaVu Sans"))
          .optWordsPerLine(2, 5).optSkew(Distribution.uniform(-3, 3))
          .optPerspective(Distribution.uniform(0, 0.05)).optJpegQuality(Distribution.uniform(40, 95))
          .build().newGenerator();
      DatasetVersion lines = Synth.commit(ocr).setRepository(repo).optBranch("ocr-lines")
          .setSeed(7).setRange(0, count).optThreads(2)                // same version id for any thread count
          .build().run();
      byte[] preview = PreviewGrid.builder(ocr).setSeed(7).optRange(0, 16).optColumns(2).build().render();
      // tour:synth-ocr:end
      Files.write(out.resolve("ocr-lines.png"), preview);
      Record first = lines.get(0);
      System.out.printf("committed %d OCR lines as %s on branch ocr-lines in %s%n", lines.size(), lines.id(),
          out.resolve("repo"));
      System.out.printf("record %s: \"%s\", boxes %s%n", first.id(), ((TextLabel) first.label().orElseThrow()).text(),
          abbreviate(new String(lines.readBlob(first.blob(OcrLinesConfig.BOXES_BLOB).orElseThrow()),
              StandardCharsets.UTF_8)));
      System.out.printf("preview: %s%n", out.resolve("ocr-lines.png"));
      return lines;
    }
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/ocr-lines}) and the line count (default 1000)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/ocr-lines"));
    run(out, args.length > 1 ? Integer.parseInt(args[1]) : 1000);
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
