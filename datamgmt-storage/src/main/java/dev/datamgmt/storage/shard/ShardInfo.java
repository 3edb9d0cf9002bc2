package dev.datamgmt.storage.shard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.hash.ContentHash;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shard of a {@link ShardSet}: where it is, what it hashes to, and how many records of each split and
 * class it holds (so a reader can plan a filtered epoch without opening it).
 *
 * @param key the blob key, {@code shards/<hex>.parquet}
 * @param hash SHA-256 of the file's bytes
 * @param bytes file size
 * @param records number of rows
 * @param firstIndex dataset index of the shard's first row (shards are numbered consecutively)
 * @param counts split name, then class index as text ({@code "-"} for a record without a class label), to
 *     number of rows
 */
public record ShardInfo(
    @JsonProperty("key") String key,
    @JsonProperty("hash") ContentHash hash,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("records") int records,
    @JsonProperty("firstIndex") long firstIndex,
    @JsonProperty("counts") SortedMap<String, SortedMap<String, Integer>> counts) {

  /** The class key used in {@link #counts()} for records without a class label. */
  public static final String NO_CLASS = "-";

  /** Validates and copies. */
  public ShardInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hash, "hash");
    if (records < 0 || bytes < 0 || firstIndex < 0) {
      throw new IllegalArgumentException("shard sizes must be >= 0: records=" + records + ", bytes=" + bytes
          + ", firstIndex=" + firstIndex);
    }
    TreeMap<String, SortedMap<String, Integer>> c = new TreeMap<>();
    if (counts != null) {
      for (Map.Entry<String, SortedMap<String, Integer>> e : counts.entrySet()) {
        c.put(e.getKey(), java.util.Collections.unmodifiableSortedMap(new TreeMap<>(e.getValue())));
      }
    }
    counts = java.util.Collections.unmodifiableSortedMap(c);
  }

  /** The blob key a shard with this hash is stored under. */
  public static String keyOf(ContentHash hash) {
    return "shards/" + hash.hex() + ".parquet";
  }
}
