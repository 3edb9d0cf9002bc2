package dev.datamgmt.storage.shard;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.util.Objects;
import java.util.Optional;

/**
 * Shards recorded with a version: packs a {@link DatasetVersion} into the repository's store once, under
 * {@code shards/}, and records the {@link ShardSet} at {@code shardsets/<commit hex>.json} (FORMAT.md, "Shard
 * sets"). Packing a version that already has a shard set returns that set without writing anything.
 *
 * <pre>{@code
 * DatasetVersion v = repo.checkout("main");
 * ShardSet set = VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(64 << 20));
 * DatasetReader reader = DatasetReader.builder()
 *     .setShards(set).setStore(repo.store()).optBlobSource(v::readBlob).build();
 * }</pre>
 */
public final class VersionShards {
  private VersionShards() {}

  /** The key of a version's shard set. */
  public static String keyFor(DatasetVersion version) {
    return ShardSet.keyFor(version.id().hex());
  }

  /**
   * Returns the version's shard set, packing it first if none is recorded.
   *
   * @param settings writer options; its store and blob source are set here to the repository's
   */
  public static ShardSet pack(Repository repo, DatasetVersion version, ShardWriter.Builder settings)
      throws DataException {
    Objects.requireNonNull(settings, "settings");
    Optional<ShardSet> existing = find(repo.store(), version);
    if (existing.isPresent()) {
      return existing.get();
    }
    ShardSet set = settings.setStore(repo.store()).setBlobSource(version::readBlob).build()
        .write(version.records(), version.id().toString());
    set.save(repo.store(), version.id().hex());
    return set;
  }

  /** The shard set recorded with {@code version}, if any. */
  public static Optional<ShardSet> find(BlobStore store, DatasetVersion version) throws DataException {
    String key = keyFor(version);
    if (!store.exists(key)) {
      return Optional.empty();
    }
    return Optional.of(ShardSet.fromJson(store.get(key), store.describe() + "/" + key));
  }
}
