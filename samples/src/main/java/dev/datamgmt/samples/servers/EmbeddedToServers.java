package dev.datamgmt.samples.servers;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.label.feedback.FeedbackCommit;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.samples.s3.S3Target;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.JdbcRefStore;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * From the embedded defaults to servers, with the same code: {@link #work} commits images, stores two reviewers'
 * corrections in the label store and commits the corrected labels as a new version. It runs first on the embedded
 * defaults (a local folder, refs in the folder, labels in SQLite), then on servers (the repository on S3 with its
 * refs in PostgreSQL, labels in PostgreSQL). Only the lines that open the stores differ.
 *
 * <p>The servers come from the environment: S3 as {@link S3Target} reads it, PostgreSQL from
 * {@code DATAMGMT_POSTGRES_URL} ({@code jdbc:postgresql://host:5432/db}) with {@code DATAMGMT_POSTGRES_USER} and
 * {@code DATAMGMT_POSTGRES_PASSWORD}. With none set, an S3-compatible server and a PostgreSQL (datamgmt-testing's
 * {@code S3Server} and {@code PostgresServer}) are started in this process for the demo.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.servers.EmbeddedToServers -Dsample.args=target/embedded-to-servers
 * </pre>
 */
public final class EmbeddedToServers {
  /** Commit and label times are fixed, so both backends make the same version ids from the same data. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);

  private EmbeddedToServers() {}

  /** What {@link #work} did. */
  public record Outcome(String v1, String v2, int relabelled, List<Record> records) {}

  /**
   * The application's code, which knows nothing of where the stores are: commits 100 images as v1, adds two
   * reviewers' corrections of five records to the label store, and commits the labels both agree on as v2.
   *
   * @param repo the repository
   * @param labels the label store
   * @return the versions and the labelled records
   * @throws Exception if a store fails
   */
  public static Outcome work(Repository repo, LabelStore labels) throws Exception {
    IdxDataset first = FashionMnistSubset.first(FashionMnistSubset.train(), 100);
    CommitBuilder c = repo.commit("main").setMessage("100 images").optAuthor("sample");
    RecordSink sink = RecordSink.into(c);
    ImportReport imported = Idx.importTo(first, "img", Split.TRAIN, FashionMnistSubset.CLASSES, sink);
    DatasetVersion v1 = c.optSchema(imported.schema()).commit();
    List<Annotation> corrections = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Record r = v1.get(i * 20);
      int corrected = (((ClassLabel) r.label().orElseThrow()).index() + 1) % 10;
      for (String reviewer : new String[] {"dana", "eli"}) {
        corrections.add(Annotation.builder(r.id(), ClassLabel.of(corrected)).setDatasetVersion(v1.id().toString())
            .setAnnotator(reviewer).optSource(LabelSource.HUMAN).optTime(CLOCK.instant()).build());
      }
    }
    labels.addAll(corrections);
    FeedbackCommit.Result v2 = FeedbackCommit.builder(repo, labels).setBranch("main")
        .setRule(FeedbackCommit.Rule.MAJORITY_VOTE).optSources(EnumSet.of(LabelSource.HUMAN)).optMinVotes(2)
        .optAuthor("sample").build().commit();
    DatasetVersion after = v2.version().orElseThrow(() -> new IllegalStateException("no label changed"));
    return new Outcome(v1.id().toString(), after.id().toString(), v2.recordsChanged(), after.records());
  }

  /**
   * The embedded defaults: the repository in a local folder (refs too), labels in a SQLite file.
   *
   * @param dir the folder
   * @return what {@link #work} did
   * @throws Exception if a store fails
   */
  public static Outcome embedded(Path dir) throws Exception {
    // tour:embedded:start
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build();
        LabelStore labels = LabelStores.sqlite(dir.resolve("labels.db")).build()) {
      Repository repo = Repository.init(store, CLOCK);                 // refs: files in the folder
      return work(repo, labels);
    }
    // tour:embedded:end
  }

  /**
   * The same on servers: the repository on S3 with its refs in PostgreSQL, labels in PostgreSQL.
   *
   * @param s3 the S3 target
   * @param jdbcUrl a PostgreSQL database ({@code jdbc:postgresql://...})
   * @param user its user
   * @param password its password
   * @return what {@link #work} did
   * @throws Exception if a store fails
   */
  public static Outcome servers(S3Target s3, String jdbcUrl, String user, String password) throws Exception {
    // tour:servers:start
    try (BlobStore store = s3.storeBuilder().build();                  // S3BlobStore.builder().setBucket(...)...
        LabelStore labels = LabelStores.postgres(jdbcUrl).optCredentials(user, password).build()) {
      JdbcRefStore refs = JdbcRefStore.builder().setUrl(jdbcUrl).optCredentials(user, password).build();
      Repository repo = Repository.init(store, refs, CLOCK);          // refs: rows in PostgreSQL
      return work(repo, labels);
    }
    // tour:servers:end
  }

  /**
   * Entry point: runs {@link #work} on the embedded defaults, then on servers, and prints both outcomes.
   *
   * @param args the output folder for the embedded run (default {@code target/embedded-to-servers}; must not hold
   *     an earlier run)
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/embedded-to-servers");
    if (Files.exists(out.resolve("repo"))) {
      throw new IllegalStateException(out.resolve("repo") + " exists: remove it or pick another output folder");
    }
    Outcome local = embedded(Files.createDirectories(out));
    print("embedded (folder + SQLite)", local);
    Map<String, String> env = System.getenv();
    try (S3Target s3 = S3Target.fromEnvironment(env);
        PostgresServer pg = env.get("DATAMGMT_POSTGRES_URL") == null ? PostgresServer.start() : null) {
      String url = pg != null ? pg.createDatabase() : env.get("DATAMGMT_POSTGRES_URL");
      Outcome remote = servers(s3, url, pg != null ? pg.user() : env.get("DATAMGMT_POSTGRES_USER"),
          pg != null ? pg.password() : env.get("DATAMGMT_POSTGRES_PASSWORD"));
      print("servers (" + s3.describe() + ", PostgreSQL " + url.replaceAll("\\?.*", "") + ")", remote);
      System.out.printf("same v1 on both: %s; same records and labels in v2: %s%n", local.v1().equals(remote.v1()),
          local.records().equals(remote.records()));
    }
  }

  private static void print(String where, Outcome o) {
    System.out.printf("%s:%n  v1 %s%n  v2 %s (%d records relabelled by the reviewers)%n", where, o.v1(), o.v2(),
        o.relabelled());
  }
}
