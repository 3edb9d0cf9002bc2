package dev.datamgmt.samples.spark;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.spark.PackSettings;
import dev.datamgmt.spark.RepositorySource;
import dev.datamgmt.spark.SparkCommit;
import dev.datamgmt.spark.SparkShards;
import dev.datamgmt.spark.SparkVersions;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark job over a versioned dataset, in a local session: a folder of PNG files (one folder per class, as a team
 * would have them) read with Spark's {@code binaryFile} source and committed as one version, exactly once
 * ({@code SparkCommit}); the version queried as a DataFrame with filters pushed into the manifest's Parquet scan
 * ({@code SparkVersions}); and packed into shards on the executors ({@code SparkShards}), the same shard set the
 * single-JVM packer writes.
 *
 * <pre>
 * mvn -B -q -Pspark-sample -pl samples -am verify -DskipTests -Dsample.args="target/spark-sample 2000"
 * </pre>
 *
 * <p>Spark is a {@code provided} dependency (bring your cluster's 4.1); the {@code spark-sample} profile runs this
 * class with it on the class path, on JDK 17 without {@code --add-opens}. On a cluster, package it with your job
 * and {@code spark-submit} it; only {@code master} changes.
 */
public final class SparkPipeline {

  private SparkPipeline() {}

  /** What a run did. */
  public record Result(String versionId, long records, TreeMap<Integer, Long> perClass, long trousers,
      ShardSet shards) {}

  /**
   * A local session with two worker threads on loopback, its UI off.
   *
   * @return the session (stop it when done)
   */
  public static SparkSession localSession() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("datamgmt-spark-sample")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");   // Spark logs every file it reads at INFO
    return spark;
  }

  /**
   * Writes {@code count} training images as PNG files under {@code out/raw/<class>/} and runs the job on them.
   *
   * @param spark the session
   * @param out the output folder (a new repository is made in {@code out/repo})
   * @param count how many images, at most 10,000
   * @return what the job did
   * @throws Exception if Spark or the repository fail
   */
  public static Result run(SparkSession spark, Path out, int count) throws Exception {
    Path raw = writePngs(out.resolve("raw"), count);
    try (BlobStore folder = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository.init(folder);
    }
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS)
        .addClassNames(FashionMnistSubset.CLASSES.toArray(String[]::new)).build();
    // tour:spark:start
    RepositorySource src = RepositorySource.folder(out.resolve("repo"));   // or RepositorySource.s3(...)
    Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(raw.toString())
        .selectExpr("regexp_extract(path, '([^/]+)\\\\.png$', 1) AS id",
            "CAST(regexp_extract(path, '/([0-9]+)/[^/]+$', 1) AS INT) AS label",   // the class folder
            "content AS data", "'image/png' AS media_type", "'train' AS split");
    DatasetVersion v = SparkCommit.builder().setSource(src).setMessage("raw PNGs via Spark")
        .optSchema(schema).build().run(files);                            // exactly once, on the driver

    Dataset<Row> records = SparkVersions.records(spark, src, v.id().toString());
    long trousers = records.where("label_class = 1").count();              // pushed into the Parquet scan
    List<Row> perClass = records.groupBy("label_class").count().orderBy("label_class").collectAsList();
    ShardSet shards = SparkShards.pack(spark, src, v.id().toString(), PackSettings.defaults()
        .withTargetShardBytes(1 << 20));                                   // the single-JVM packer's shards
    // tour:spark:end
    TreeMap<Integer, Long> counts = new TreeMap<>();
    for (Row r : perClass) {
      counts.put(r.getInt(0), r.getLong(1));
    }
    System.out.printf("committed %d PNG files as %s in %s%n", v.size(), v.id(), out.resolve("repo"));
    System.out.printf("records per class (label_class -> count): %s; trousers by a pushed-down filter: %d%n",
        counts, trousers);
    System.out.printf("packed on the executors into %d shards (%d records)%n", shards.shards().size(),
        shards.records());
    return new Result(v.id().toString(), v.size(), counts, trousers, shards);
  }

  private static Path writePngs(Path raw, int count) throws Exception {
    IdxDataset data = FashionMnistSubset.train();
    byte[] px = new byte[data.images().imageSize()];
    for (int i = 0; i < count; i++) {
      Path dir = Files.createDirectories(raw.resolve(Integer.toString(data.label(i))));
      data.images().copyImage(i, px, 0);
      Files.write(dir.resolve(String.format("fmnist-%05d.png", i)), Png.encode(px, 28, 28, 1));
    }
    return raw;
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/spark-sample}; must not hold a repository yet) and the
   *     image count (default 2000)
   * @throws Exception if the job fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/spark-sample").toAbsolutePath();
    if (Files.exists(out.resolve("repo"))) {
      throw new IllegalStateException(out.resolve("repo") + " exists: remove it or pick another output folder");
    }
    SparkSession spark = localSession();
    try {
      run(spark, out, args.length > 1 ? Integer.parseInt(args[1]) : 2000);
    } finally {
      spark.stop();
    }
  }
}
