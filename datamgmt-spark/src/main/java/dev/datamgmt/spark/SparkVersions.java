package dev.datamgmt.spark;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardInfo;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.VersionShards;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset version, or its shards, as a Spark DataFrame. Both are Spark's own Parquet scans of the files the
 * repository already holds (FORMAT.md "Manifests" and "Shards"), so filters on {@code id}, {@code split},
 * {@code label_class}, {@code data_size} (and, in shards, {@code attributes.<name>}) are pushed down to row-group
 * statistics and only the selected columns are decoded.
 *
 * <pre>{@code
 * Dataset<Row> records = SparkVersions.records(spark, RepositorySource.folder("/data/repo"), "main");
 * records.where("split = 'train' AND label_class = 3").select("id", "data_hash").show();
 * Dataset<Row> images = SparkVersions.shards(spark, src, "v1.0");   // with the image bytes in "data"
 * }</pre>
 */
public final class SparkVersions {
  /** The extra column of {@link #records} holding the attributes typed by the dataset schema. */
  public static final String ATTRIBUTES = "attributes";

  private SparkVersions() {}

  /**
   * The records of a version (by commit id, branch or tag): one row per record with the manifest's columns
   * {@code id, split, data_hash, data_size, data_media_type, label_type, label_class, label_json, blobs_json,
   * attributes_json}, plus, when the version declares a schema with attributes, a struct column
   * {@value #ATTRIBUTES} with one typed field per schema attribute (parsed from {@code attributes_json}; filters on
   * it are applied after the scan, filters on the manifest's own columns are pushed down).
   *
   * @throws NotFoundException if the revision does not exist
   */
  public static Dataset<Row> records(SparkSession spark, RepositorySource source, String revision)
      throws DataException {
    Repository repo = source.repository();
    DatasetVersion v = repo.checkout(revision);
    Dataset<Row> df = spark.read().parquet(source.uri("manifests/" + v.commit().manifest().hex() + ".parquet"));
    Optional<DatasetSchema> schema = v.schema();
    if (schema.isPresent() && !schema.get().attributes().isEmpty()) {
      List<StructField> fields = new ArrayList<>();
      for (Map.Entry<String, AttributeType> a : schema.get().attributes().entrySet()) {
        fields.add(DataTypes.createStructField(a.getKey(), sparkType(a.getValue()), true));
      }
      Column parsed = functions.from_json(functions.col("attributes_json"), DataTypes.createStructType(fields),
          Map.of("mode", "PERMISSIVE"));
      df = df.withColumn(ATTRIBUTES, parsed);
    }
    return df;
  }

  /**
   * The shards of a version as one DataFrame (FORMAT.md "Shards": {@code id, split, label_class, label_json,
   * data_media_type, data_hash, data_size, data} with the inline blob bytes, {@code record_json} and the typed
   * {@code attributes} group). The version must have been packed ({@code VersionShards.pack} or
   * {@link SparkShards#pack}).
   *
   * @throws NotFoundException if the version has no shard set
   */
  public static Dataset<Row> shards(SparkSession spark, RepositorySource source, String revision)
      throws DataException {
    Repository repo = source.repository();
    DatasetVersion v = repo.checkout(revision);
    ShardSet set = VersionShards.find(repo.store(), v).orElseThrow(() -> new NotFoundException(
        "version has no shard set", source + " " + VersionShards.keyFor(v), "a packed version",
        "no shard set for " + v.id()));
    String[] paths = set.shards().stream().map(ShardInfo::key).map(source::uri).toArray(String[]::new);
    if (paths.length == 0) {
      return spark.createDataFrame(List.of(), new StructType().add("id", DataTypes.StringType, false));
    }
    return spark.read().parquet(paths);
  }

  /**
   * The columns of {@link #records} that {@link SparkCommit} takes back unchanged ({@code id, split, label_json,
   * blobs_json, attributes_json}): filter or transform a version's records, then commit them as a new version whose
   * blobs are the same stored blobs (nothing is copied).
   *
   * <pre>{@code
   * Dataset<Row> kept = SparkVersions.records(spark, src, "main").where("split = 'train'");
   * SparkCommit.builder()...optReplaceAll(true).build().run(SparkVersions.asCommitInput(kept));
   * }</pre>
   */
  public static Dataset<Row> asCommitInput(Dataset<Row> records) {
    return records.select("id", "split", "label_json", "blobs_json", "attributes_json");
  }

  private static DataType sparkType(AttributeType t) {
    return switch (t) {
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      default -> DataTypes.StringType;
    };
  }
}
