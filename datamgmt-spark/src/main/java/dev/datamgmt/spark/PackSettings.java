package dev.datamgmt.spark;

import dev.datamgmt.storage.shard.ShardWriter;
import java.io.Serializable;
import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The shard writer's settings as a serializable value for executors; the same defaults and meaning as
 * {@link ShardWriter.Builder}, so a set packed on Spark equals the set {@code VersionShards.pack} makes with
 * {@link #toWriter()}'s settings.
 *
 * @param targetShardBytes approximate shard size (default 64 MiB)
 * @param inlineThreshold blobs up to this size are stored inline (default 1 MiB)
 * @param maxRecordsPerShard at most this many records per shard (default 1,048,576)
 * @param codec the Parquet codec (default SNAPPY)
 * @param shuffleSeed the within-split shuffle seed (default 0), or null to keep id order
 */
public record PackSettings(long targetShardBytes, long inlineThreshold, int maxRecordsPerShard, String codec,
    Long shuffleSeed) implements Serializable {

  /** Validates through the writer's own builder. */
  public PackSettings {
    Objects.requireNonNull(codec, "codec");
    toWriter(targetShardBytes, inlineThreshold, maxRecordsPerShard, codec, shuffleSeed)
        .setStore(new dev.datamgmt.core.blob.InMemoryBlobStore()).setBlobSource(ref -> new byte[0]).build();
  }

  /** The defaults of {@link ShardWriter.Builder}. */
  public static PackSettings defaults() {
    return new PackSettings(64L << 20, 1L << 20, 1 << 20, "SNAPPY", 0L);
  }

  /** These settings with another target shard size. */
  public PackSettings withTargetShardBytes(long bytes) {
    return new PackSettings(bytes, inlineThreshold, maxRecordsPerShard, codec, shuffleSeed);
  }

  /** These settings with another inline threshold. */
  public PackSettings withInlineThreshold(long bytes) {
    return new PackSettings(targetShardBytes, bytes, maxRecordsPerShard, codec, shuffleSeed);
  }

  /** These settings with another shuffle seed (null: id order within a split). */
  public PackSettings withShuffleSeed(Long seed) {
    return new PackSettings(targetShardBytes, inlineThreshold, maxRecordsPerShard, codec, seed);
  }

  /** A writer builder with these settings (store and blob source still to set). */
  public ShardWriter.Builder toWriter() {
    return toWriter(targetShardBytes, inlineThreshold, maxRecordsPerShard, codec, shuffleSeed);
  }

  private static ShardWriter.Builder toWriter(long target, long inline, int max, String codec, Long seed) {
    return ShardWriter.builder().optTargetShardBytes(target).optInlineThreshold(inline)
        .optMaxRecordsPerShard(max).optCodec(CompressionCodecName.valueOf(codec)).optShuffleSeed(seed);
  }
}
