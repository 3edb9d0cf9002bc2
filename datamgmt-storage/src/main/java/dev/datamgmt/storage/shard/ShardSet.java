package dev.datamgmt.storage.shard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import java.util.List;
import java.util.Objects;

/**
 * The index of a dataset packed into shards: the shards in dataset order with their hashes and per-split,
 * per-class counts, and the settings that produced them. Stored as JSON under {@link #keyFor(String)} next to
 * the version it was made from (FORMAT.md, "Shard sets").
 *
 * @param format always {@value #FORMAT}
 * @param source what was packed, e.g. a version id
 * @param records total number of records
 * @param targetShardBytes the writer's target shard size
 * @param inlineThreshold blobs up to this size were stored inline
 * @param codec the Parquet compression codec
 * @param shards the shards, in dataset order
 * @param provenance what made this shard set (settings, seed, environment); may be null in hand-written sets
 */
public record ShardSet(
    @JsonProperty("format") String format,
    @JsonProperty("source") String source,
    @JsonProperty("records") long records,
    @JsonProperty("targetShardBytes") long targetShardBytes,
    @JsonProperty("inlineThreshold") long inlineThreshold,
    @JsonProperty("codec") String codec,
    @JsonProperty("shards") List<ShardInfo> shards,
    @JsonProperty("provenance") Provenance provenance) {

  /** The format tag of this index, {@code datamgmt-shardset/1}. */
  public static final String FORMAT = "datamgmt-shardset/1";

  /** Validates that the shards are numbered consecutively and add up to {@code records}. */
  public ShardSet {
    Objects.requireNonNull(source, "source");
    shards = List.copyOf(shards);
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("shard set format must be " + FORMAT + ": " + format);
    }
    long next = 0;
    for (ShardInfo s : shards) {
      if (s.firstIndex() != next) {
        throw new IllegalArgumentException("shard " + s.key() + " starts at index " + s.firstIndex()
            + " but the shards before it end at " + next);
      }
      next += s.records();
    }
    if (next != records) {
      throw new IllegalArgumentException("shard set counts " + records + " records but its shards hold " + next);
    }
  }

  /** The blob key of the shard set recorded with version {@code versionId}: {@code shardsets/<versionId>.json}. */
  public static String keyFor(String versionId) {
    return "shardsets/" + versionId + ".json";
  }

  /** Serializes to deterministic JSON. */
  public byte[] toJson() {
    return Json.writeBytes(this);
  }

  /**
   * Parses a shard set.
   *
   * @param location where the bytes came from, for errors
   * @throws dev.datamgmt.core.error.UnsupportedFormatException if the JSON is not a shard set
   */
  public static ShardSet fromJson(byte[] json, String location) throws DataException {
    // the streaming reading covers what toJson writes; the mapper reads everything else, and reports what is wrong
    ShardSet fast = ShardSetJson.read(json);
    return fast != null ? fast : Json.read(json, ShardSet.class, location);
  }

  /**
   * Stores this set under {@link #keyFor(String)}; an identical set already there is left alone. On an S3 server
   * that cannot create-if-absent ({@link dev.datamgmt.storage.s3.ConditionalWriteUnsupportedException}) it writes
   * only if the key is absent and then reads the set back: two processes packing one version at once may then both
   * write, and the one whose set was replaced gets the error below instead of a silent swap.
   *
   * @throws InvalidDataException if a different shard set is already recorded for the version
   */
  public void save(BlobStore store, String versionId) throws DataException {
    String key = keyFor(versionId);
    byte[] json = toJson();
    boolean created;
    try {
      created = store.putIfAbsent(key, json);
    } catch (dev.datamgmt.storage.s3.ConditionalWriteUnsupportedException e) {
      created = !store.exists(key);
      if (created) {
        store.put(key, json);
        created = load(store, versionId).shards().equals(shards);
      }
    }
    if (!created) {
      ShardSet existing = load(store, versionId);
      if (!existing.shards().equals(shards)) {
        throw new InvalidDataException("another shard set is recorded for this version", key,
            "shards " + shardKeys(), "shards " + existing.shardKeys());
      }
    }
  }

  /** Reads the shard set recorded with {@code versionId}; NotFoundException if none. */
  public static ShardSet load(BlobStore store, String versionId) throws DataException {
    String key = keyFor(versionId);
    return fromJson(store.get(key), store.describe() + "/" + key);
  }

  /** The shard keys, in order. */
  public List<String> shardKeys() {
    return shards.stream().map(ShardInfo::key).toList();
  }
}
