package dev.datamgmt.spark;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.spark.internal.SparkErrors;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardInfo;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code VersionShards.pack} on Spark: each shard of a version is written by its own task, and the shard set is
 * recorded by the driver once. The result is the same shard set (same shard ids, same bytes, same index) as the
 * single-JVM packer with the same settings, because both follow {@link ShardWriter#plan}: a pure function of the
 * version's records and the settings. Each executor JVM plans once (it reads the version's manifest, which the
 * driver holds too) and writes the shards its tasks are given; shards are content-addressed, so a retried or
 * speculative task rewrites the same object.
 *
 * <pre>{@code
 * ShardSet set = SparkShards.pack(spark, RepositorySource.folder("/data/repo"), "main", PackSettings.defaults());
 * }</pre>
 */
public final class SparkShards {
  private static final Map<String, Planned> PLANS = new ConcurrentHashMap<>();

  private SparkShards() {}

  /**
   * Returns the version's shard set, packing it on the executors first if none is recorded.
   *
   * @throws dev.datamgmt.core.error.NotFoundException if the revision does not exist
   * @throws dev.datamgmt.core.error.InvalidDataException if another shard set was recorded meanwhile
   */
  public static ShardSet pack(SparkSession spark, RepositorySource source, String revision, PackSettings settings)
      throws DataException {
    Repository repo = source.repository();
    DatasetVersion version = repo.checkout(revision);
    var existing = VersionShards.find(repo.store(), version);
    if (existing.isPresent()) {
      return existing.get();
    }
    String versionId = version.id().toString();
    ShardWriter.Plan plan = plan(source, versionId, settings);
    int shards = plan.shardCount();
    List<Integer> numbers = IntStream.range(0, shards).boxed().toList();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // a task reports its shard as ShardInfo JSON (records are not Java-serializable; JSON is their format)
    List<Tuple2<Integer, String>> written = SparkErrors.run("packing " + source + " " + versionId,
        () -> jsc.parallelize(numbers, Math.max(1, shards))
            .map(i -> new Tuple2<>(i, Json.write(writeShard(source, versionId, settings, i))))
            .collect());
    List<Tuple2<Integer, String>> ordered = new ArrayList<>(written);
    ordered.sort(Comparator.comparing(Tuple2::_1));
    List<ShardInfo> infos = new ArrayList<>();
    for (Tuple2<Integer, String> t : ordered) {
      infos.add(Json.read(t._2(), ShardInfo.class, "shard " + t._1() + " reported by a task"));
    }
    ShardSet set = planned(source, versionId, settings).writer().assemble(plan, infos, versionId);
    set.save(repo.store(), version.id().hex());
    PLANS.remove(source + " " + versionId + " " + settings); // the driver's plan is not needed any more
    return set;
  }

  private static ShardInfo writeShard(RepositorySource source, String versionId, PackSettings settings, int shard) {
    try {
      Planned p = planned(source, versionId, settings);
      return p.writer().writeShard(p.plan(), shard);
    } catch (DataException e) {
      throw new UncheckedDataException(e);
    }
  }

  private record Planned(ShardWriter writer, ShardWriter.Plan plan) {}

  private static ShardWriter.Plan plan(RepositorySource source, String versionId, PackSettings settings)
      throws DataException {
    return planned(source, versionId, settings).plan();
  }

  /**
   * One plan per (version, settings) per JVM (executors of a local session share the driver's). On a cluster an
   * executor keeps the plans of the versions it packed; they are dropped with the executor.
   */
  private static Planned planned(RepositorySource source, String versionId, PackSettings settings)
      throws DataException {
    String key = source + " " + versionId + " " + settings;
    Planned p = PLANS.get(key);
    if (p != null) {
      return p;
    }
    synchronized (PLANS) {
      p = PLANS.get(key);
      if (p == null) {
        Repository repo = source.repository();
        DatasetVersion v = repo.checkout(ContentHash.parse(versionId));
        ShardWriter w = settings.toWriter().setStore(repo.store()).setBlobSource(v::readBlob).build();
        p = new Planned(w, w.plan(v.records()));
        PLANS.put(key, p);
      }
      return p;
    }
  }
}
