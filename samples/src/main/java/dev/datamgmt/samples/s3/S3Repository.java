package dev.datamgmt.samples.s3;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.storage.cache.CachingBlobStore;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.EpochStream;
import dev.datamgmt.storage.reader.Partition;
import dev.datamgmt.storage.reader.Sample;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A repository on S3: imports part of the Fashion-MNIST subset committed under {@code data/fashion-mnist-subset},
 * commits and tags it, checks it out, packs it into Parquet shards and reads every sample back through a local
 * cache, then runs fsck. The bucket comes from the environment ({@link S3Target}: {@code DATAMGMT_S3_BUCKET},
 * {@code DATAMGMT_S3_ENDPOINT}, ...); with none set, an S3-compatible server is started in this process.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.s3.S3Repository -Dsample.args="target/s3-sample 2000"
 * DATAMGMT_S3_BUCKET=my-bucket AWS_REGION=eu-west-1 mvn ...                  # the same on your S3
 * </pre>
 */
public final class S3Repository {
  /** Fashion-MNIST's class names, in label order. */
  public static final List<String> CLASSES = FashionMnistSubset.CLASSES;

  private S3Repository() {}

  /** What a run did, for its caller. */
  public record Result(String versionId, int records, int shards, long samplesRead, long[] perClass,
      boolean fsckClean) {}

  /**
   * Runs the sample on {@code target}.
   *
   * @param target where the repository is
   * @param cacheDir the local cache folder
   * @param count how many training images to import (at most 10,000)
   * @return what the run did
   * @throws Exception if S3 or the data fail
   */
  public static Result run(S3Target target, Path cacheDir, int count) throws Exception {
    IdxDataset images = FashionMnistSubset.first(FashionMnistSubset.train(), count);
    try (BlobStore s3 = target.storeBuilder().build()) {
      Repository repo = s3.exists(Repository.MARKER_KEY) ? Repository.open(s3) : Repository.init(s3);
      // tour:versions:start
      CommitBuilder commit = repo.commit("main").setMessage("Fashion-MNIST, first " + count + " training images");
      RecordSink sink = RecordSink.into(commit);                      // small blobs go into packs
      ImportReport imported = Idx.importTo(images, "train", Split.TRAIN, CLASSES, sink);
      DatasetVersion v1 = commit.optSchema(imported.schema()).commit();
      if (!repo.tags().contains("v1")) {
        repo.createTag("v1", v1.id().toString());
      }

      DatasetVersion v = repo.checkout("v1");                          // reads the manifest only
      byte[] png = v.readBlob(v.get(0).blob().orElseThrow());          // blobs on demand, checked against their hash
      FsckReport health = repo.fsck();                                 // every reachable object against its hash
      // tour:versions:end
      if (png.length == 0) {
        throw new IllegalStateException("record " + v.get(0).id() + " has an empty image");
      }
      System.out.printf("committed %d records as %s (tag v1) to %s%n", v.size(), v.id(), target.describe());

      // tour:reading:start
      ShardSet shards = VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(1 << 20));
      long[] perClass = new long[CLASSES.size()];
      long read = 0;
      try (BlobStore cached = CachingBlobStore.builder().setBackend(s3).optCloseBackend(false)
              .optMemoryBytes(64L << 20).optDisk(cacheDir, 1L << 30).build();
          DatasetReader reader = DatasetReader.builder().setShards(shards).setStore(cached)
              .optBlobSource(v::readBlob).optSeed(42).build();
          EpochStream epoch = reader.stream(0, Partition.of(0, 1))) {       // shuffled; rank 0 of 1
        for (Sample s = epoch.next(); s != null; s = epoch.next()) {
          perClass[s.classIndex()]++;                                        // s.data(): the PNG bytes
          read++;
        }
      }
      // tour:reading:end
      System.out.printf("packed into %d shards; read back %d samples through the cache in %s, per class %s%n",
          shards.shards().size(), read, cacheDir, Arrays.toString(perClass));
      System.out.printf("fsck: %s (%d commits, %d manifests, %d blobs checked)%n",
          health.isClean() ? "clean" : health.problems(), health.commits(), health.manifests(), health.blobs());
      return new Result(v.id().toString(), v.size(), shards.shards().size(), read, perClass, health.isClean());
    }
  }

  /**
   * Entry point.
   *
   * @param args the output folder for the local cache (default {@code target/s3-sample}) and the image count
   *     (default 2000)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/s3-sample"));
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    try (S3Target target = S3Target.fromEnvironment(System.getenv())) {
      Result r = run(target, out.resolve("cache"), count);
      if (!r.fsckClean() || r.samplesRead() != r.records()) {
        throw new IllegalStateException("read " + r.samplesRead() + " of " + r.records() + " records; fsck clean: "
            + r.fsckClean());
      }
    }
  }
}
