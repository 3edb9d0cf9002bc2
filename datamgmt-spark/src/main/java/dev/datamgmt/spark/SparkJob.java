package dev.datamgmt.spark;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.synth.shapes.ShapesConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: idempotent dataset steps an orchestrator (Airflow, Dagster, Prefect, cron)
 * can run and re-run. Each prints one line {@code <command> <version or shard-set id> <records>} on success.
 *
 * <pre>
 * spark-submit --class dev.datamgmt.spark.SparkJob datamgmt-spark.jar &lt;command&gt; &lt;repository folder&gt; ...
 *   init &lt;repo&gt;                                           makes the folder a repository (if it is not one)
 *   ingest-jsonl &lt;repo&gt; &lt;files glob&gt; &lt;branch&gt; [id-field]  JSON Lines logs to a version (replacing the branch's records)
 *   filter &lt;repo&gt; &lt;input revision&gt; &lt;SQL condition&gt; &lt;branch&gt;  records matching the condition, memoized by lineage
 *   generate-shapes &lt;repo&gt; &lt;seed&gt; &lt;count&gt; &lt;branch&gt;          synthetic shapes images, idempotent
 *   pack &lt;repo&gt; &lt;revision&gt; [target shard bytes]               shards of a version, recorded once
 * </pre>
 *
 * <p>{@code filter} is a {@link Derivation}: running it again on the same input commit with the same condition
 * returns the version it made the first time, without a Spark job.
 */
public final class SparkJob {
  private SparkJob() {}

  /**
   * Runs a command in the session {@code spark-submit} configured (master, resources).
   *
   * @param args the command and its arguments (see the class comment)
   */
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("datamgmt " + String.join(" ", args)).getOrCreate();
    try {
      System.exit(run(spark, args, System.out, System.err));
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a command in {@code spark}; returns the exit status (0 success, 1 a data or storage error, 2 bad usage).
   */
  public static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length < 2) {
        return usage(err, "expected a command and a repository folder, found " + Arrays.toString(args));
      }
      RepositorySource src = RepositorySource.folder(args[1]);
      String[] a = Arrays.copyOfRange(args, 2, args.length);
      switch (args[0]) {
        case "init" -> {
          try (var store = src.openStore()) {
            boolean existed = store.exists(dev.datamgmt.storage.repo.Repository.MARKER_KEY);
            if (!existed) {
              dev.datamgmt.storage.repo.Repository.init(store);
            }
            out.println("init " + src + (existed ? " (already a repository)" : ""));
          }
        }
        case "ingest-jsonl" -> {
          if (a.length < 2) {
            return usage(err, "ingest-jsonl <repo> <files glob> <branch> [id-field]");
          }
          SparkJsonLines.Builder b = SparkJsonLines.builder().setSource(src).setFiles(a[0]).optBranch(a[1])
              .setMessage("logs " + a[0]).optReplaceAll(true);
          if (a.length > 2) {
            b.optIdField(a[2]);
          }
          DatasetVersion v = b.build().run(spark);
          out.println("ingest-jsonl " + v.id() + " " + v.size());
        }
        case "filter" -> {
          if (a.length < 3) {
            return usage(err, "filter <repo> <input revision> <SQL condition> <branch>");
          }
          String condition = a[1];
          String branch = a[2];
          Derivation d = Derivation.builder().setRepository(src.repository()).setInput(a[0])
              .setStep("filter", "1").addSetting("condition", condition).build();
          DatasetVersion v = d.run(ctx -> {
            Dataset<Row> kept = SparkVersions.records(spark, src, ctx.input().id().toString()).where(condition);
            return SparkCommit.builder().setSource(src).optBranch(branch).setMessage("filter: " + condition)
                .optProvenance(ctx.provenance()).optReplaceAll(true).build()
                .run(SparkVersions.asCommitInput(kept));
          });
          out.println("filter " + v.id() + " " + v.size());
        }
        case "generate-shapes" -> {
          if (a.length < 3) {
            return usage(err, "generate-shapes <repo> <seed> <count> <branch>");
          }
          DatasetVersion v = SparkSynth.builder(GeneratorFactory.of(ShapesConfig.builder().setSize(32, 32).build()))
              .setSource(src).setSeed(Long.parseLong(a[0])).setRange(0, Long.parseLong(a[1])).optBranch(a[2])
              .build().run(spark);
          out.println("generate-shapes " + v.id() + " " + v.size());
        }
        case "pack" -> {
          if (a.length < 1) {
            return usage(err, "pack <repo> <revision> [target shard bytes]");
          }
          PackSettings settings = PackSettings.defaults();
          if (a.length > 1) {
            settings = settings.withTargetShardBytes(Long.parseLong(a[1]));
          }
          ShardSet set = SparkShards.pack(spark, src, a[0], settings);
          out.println("pack " + set.source() + " " + set.records() + " in " + set.shards().size() + " shards");
        }
        default -> {
          return usage(err, "unknown command " + args[0]);
        }
      }
      return 0;
    } catch (DataException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return usage(err, e.getMessage());
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("usage: " + problem);
    for (String line : List.of(
        "  init <repo>",
        "  ingest-jsonl <repo> <files glob> <branch> [id-field]",
        "  filter <repo> <input revision> <SQL condition> <branch>",
        "  generate-shapes <repo> <seed> <count> <branch>",
        "  pack <repo> <revision> [target shard bytes]")) {
      err.println(line);
    }
    return 2;
  }
}
