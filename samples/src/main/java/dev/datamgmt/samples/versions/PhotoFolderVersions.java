package dev.datamgmt.samples.versions;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.ingest.DirectoryIngest;
import dev.datamgmt.storage.ingest.IngestResult;
import dev.datamgmt.storage.ingest.LabelRule;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.GcReport;
import dev.datamgmt.storage.repo.MergeResult;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Versioning a folder of photos, the way a team works with it: the folder (one sub-folder per class) is ingested and
 * tagged {@code v1}; a reviewer fixes a label on a branch while new photos arrive on {@code main}; the review is
 * merged record by record; the diff from {@code v1} shows both; fsck checks every object and gc keeps what is
 * reachable.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.versions.PhotoFolderVersions -Dsample.args=target/photo-versions
 * </pre>
 */
public final class PhotoFolderVersions {
  /** Folder names of Fashion-MNIST's classes, in label order. */
  public static final List<String> FOLDERS = List.of("tshirt", "trouser", "pullover", "dress", "coat", "sandal",
      "shirt", "sneaker", "bag", "boot");

  private PhotoFolderVersions() {}

  /** What a run did. */
  public record Result(String v1, String main, Diff sinceV1, MergeResult.Outcome merge, boolean fsckClean,
      int gcDeleted) {}

  /**
   * Runs the story in {@code out} (photos in {@code out/photos}, the repository in {@code out/repo}).
   *
   * @param out a folder without an earlier run
   * @param first photos in the first import
   * @param arriving photos that arrive afterwards
   * @return what happened
   * @throws Exception if the repository fails
   */
  public static Result run(Path out, int first, int arriving) throws Exception {
    IdxDataset data = FashionMnistSubset.train();
    Path photos = out.resolve("photos");
    writePhotos(data, photos, 0, first);
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      // tour:versions-folder:start
      Repository repo = Repository.init(store);                      // Repository.open(store) afterwards
      DirectoryIngest ingest = DirectoryIngest.builder().setRoot(photos)
          .optLabelRule(LabelRule.imageFolder())                     // or table(csv), none(), of(name, yourFunction)
          .optOnBadFile(DirectoryIngest.OnBadFile.SKIP).build();     // FAIL (default): nothing is committed
      IngestResult r = ingest.commit(repo.commit("main").setMessage("import photos"));
      repo.createTag("v1", r.version().id().toString());

      // a reviewer fixes one label on a branch ...
      repo.createBranch("review", "v1");
      Record wrong = repo.checkout("review").get(0);
      Record fixed = wrong.toBuilder().optLabel(ClassLabel.of(3)).build();
      repo.commit("review").setMessage("label review 12").addRecord(fixed).addLineage("reason", "review 12").commit();

      // ... while new photos arrive on main (a re-ingest hashes only what changed, thanks to the stat cache)
      writePhotos(data, photos, first, first + arriving);
      ingest.commit(repo.commit("main").setMessage("new photos"));

      MergeResult merged = repo.merge("review", "main", "merge label review 12");   // record-level three-way
      Diff sinceV1 = repo.diff("v1", "main");                        // added, removed, changed (labels)
      FsckReport health = repo.fsck();                               // every reachable object against its hash
      GcReport freed = repo.gc(Duration.ofDays(2));                  // unreachable and older than the grace only
      // tour:versions-folder:end
      System.out.printf("v1 %s: %d photos; main %s after the merge (%s)%n", r.version().id(), r.version().size(),
          repo.resolve("main"), merged.outcome());
      System.out.printf("v1 -> main: %d added, %d removed, %d changed (%s relabelled); fsck %s; gc deleted %d%n",
          sinceV1.added().size(), sinceV1.removed().size(), sinceV1.changed().size(),
          sinceV1.labelChanges().stream().map(Diff.Change::id).toList(),
          health.isClean() ? "clean" : health.problems(), freed.deleted());
      return new Result(r.version().id().toString(), repo.resolve("main").toString(), sinceV1, merged.outcome(),
          health.isClean(), freed.deleted());
    }
  }

  private static void writePhotos(IdxDataset data, Path photos, int from, int to) throws Exception {
    byte[] px = new byte[data.images().imageSize()];
    for (int i = from; i < to; i++) {
      Path dir = Files.createDirectories(photos.resolve(FOLDERS.get(data.label(i))));
      data.images().copyImage(i, px, 0);
      Files.write(dir.resolve(String.format("photo-%05d.png", i)), Png.encode(px, 28, 28, 1));
    }
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/photo-versions}; must not hold an earlier run)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/photo-versions");
    if (Files.exists(out.resolve("repo"))) {
      throw new IllegalStateException(out.resolve("repo") + " exists: remove it or pick another output folder");
    }
    run(out, 500, 50);
  }
}
