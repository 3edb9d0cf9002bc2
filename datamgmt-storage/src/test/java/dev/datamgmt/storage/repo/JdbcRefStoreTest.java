package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.s3.ConditionalWriteUnsupportedException;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.PostgresServerExtension;
import dev.datamgmt.testing.S3rverExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Refs in a database: refusal without one on s3rver, exactly-once commits with one, and the marker's guard. */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class JdbcRefStoreTest {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  @TempDir Path tmp;

  private JdbcRefStore sqlite(String name) {
    return JdbcRefStore.builder().setUrl("jdbc:sqlite:" + tmp.resolve(name)).build();
  }

  private static S3BlobStore s3rver() {
    return S3Stores.builderFor(S3RVER.server()).build();
  }

  @Test
  void init_onAServerIgnoringConditionalWrites_withRefsInTheBlobStore_isRefused() {
    try (S3BlobStore store = s3rver()) {
      assertThatThrownBy(() -> Repository.init(store))
          .isInstanceOf(ConditionalWriteUnsupportedException.class)
          .hasMessageContaining(S3RVER.server().endpoint().toString())
          .hasMessageContaining("JdbcRefStore");
    }
  }

  /** The harness of the issue: 8 threads x 5 commits to one branch lost 35 of 40 commits on s3rver before. */
  @Test
  void eightWritersOnS3rver_withRefsInSqlite_loseNoCommit() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("refs.db");
    eightWriters(JdbcRefStore.builder().setUrl(url).build(), () -> DriverManager.getConnection(url));
  }

  /** The same harness with the refs in a real PostgreSQL (datamgmt-testing's server): what a team would run. */
  @Test
  void eightWritersOnS3rver_withRefsInPostgres_loseNoCommit() throws Exception {
    String url = PG.server().createDatabase();
    eightWriters(JdbcRefStore.builder().setUrl(url).optCredentials(PG.user(), PG.password()).build(),
        () -> DriverManager.getConnection(url, PG.user(), PG.password()));
  }

  private interface Connect {
    Connection open() throws Exception;
  }

  private void eightWriters(JdbcRefStore refs, Connect db) throws Exception {
    try (S3BlobStore store = s3rver()) {
      Repository repo = Repository.init(store, refs);
      repo.commit("main").setMessage("root").commit();
      int writers = 8;
      int perWriter = 5;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger conflicts = new AtomicInteger();
      AtomicInteger successes = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          Repository mine = Repository.open(store, refs); // each writer its own repository object, as processes
          start.await();
          for (int i = 0; i < perWriter; i++) {
            while (true) {
              CommitBuilder b = mine.commit("main").setMessage("w" + writer + " " + i);
              b.addRecord(Record.builder("w" + writer + "-" + i)
                  .setBlob(b.putBlob(("payload " + writer + " " + i).getBytes(UTF_8), "text/plain")).build());
              try {
                b.commit();
                successes.incrementAndGet();
                break;
              } catch (ConflictException e) {
                conflicts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      Repository fresh = Repository.open(store, refs);
      assertThat(successes.get()).isEqualTo(writers * perWriter);
      assertThat(fresh.checkout("main").size()).isEqualTo(writers * perWriter);
      assertThat(fresh.log("main")).as("after %d conflicts", conflicts.get()).hasSize(writers * perWriter + 1);
      assertThat(fresh.fsck().isClean()).isTrue();
      try (Connection c = db.open();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(seq) FROM datamgmt_refs WHERE ref = 'refs/heads/main'")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(writers * perWriter + 1);
        assertThat(r.getLong(2)).isEqualTo(writers * perWriter);
      }
      // FORMAT.md's query for a reader without this library
      try (Connection c = db.open();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT commit_id FROM datamgmt_refs WHERE repository = '"
              + Json.read(store.get(Repository.MARKER_KEY), Repository.Marker.class, "m").refs().repository()
              + "' AND ref = 'refs/heads/main' ORDER BY seq DESC LIMIT 1")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo(fresh.head("main").orElseThrow().toString());
      }
    }
  }

  @Test
  void marker_recordsTheRefStore_andTheWrongOneIsRefused() throws Exception {
    try (S3BlobStore store = s3rver(); BlobStore mem = new InMemoryBlobStore()) {
      JdbcRefStore refs = sqlite("refs.db");
      Repository repo = Repository.init(store, refs);
      repo.commit("main").setMessage("first").commit();
      Repository.Marker m = Json.read(store.get(Repository.MARKER_KEY), Repository.Marker.class, "marker");
      assertThat(m.refs().store()).isEqualTo("jdbc");
      assertThat(new String(store.get(Repository.MARKER_KEY), UTF_8)).matches(
          "\\{\"format\":\"datamgmt-repository\",\"refs\":\\{\"repository\":\"[0-9a-f-]{36}\",\"store\":\"jdbc\"\\},\"version\":1\\}");
      assertThat(store.listAll("refs/").toList()).as("no refs in the bucket").isEmpty();

      assertThatThrownBy(() -> Repository.open(store)).isInstanceOf(RefStoreMismatchException.class)
          .hasMessageContaining(m.refs().repository()).hasMessageContaining("JdbcRefStore");
      assertThatThrownBy(() -> Repository.open(store, sqlite("other.db"))).isInstanceOf(RefStoreMismatchException.class)
          .hasMessageContaining("other.db").hasMessageContaining(m.refs().repository());
      assertThat(Repository.init(store, refs).head("main")).isEqualTo(repo.head("main")); // init again = open

      Repository.init(mem).commit("main").setMessage("blob refs").commit();
      assertThat(new String(mem.get(Repository.MARKER_KEY), UTF_8))
          .as("a repository with refs in the blob store keeps the old marker").isEqualTo(
              "{\"format\":\"datamgmt-repository\",\"version\":1}");
      assertThatThrownBy(() -> Repository.open(mem, refs)).isInstanceOf(RefStoreMismatchException.class)
          .hasMessageContaining("Repository.open(store)");
      assertThatThrownBy(() -> Repository.init(mem, refs)).isInstanceOf(RefStoreMismatchException.class);
    }
  }

  @Test
  void oneDatabase_holdsTheRefsOfSeveralRepositories_apart() throws Exception {
    try (BlobStore a = new InMemoryBlobStore(); BlobStore b = new InMemoryBlobStore()) {
      JdbcRefStore refs = sqlite("shared.db");
      Repository ra = Repository.init(a, refs);
      Repository rb = Repository.init(b, refs);
      ra.commit("main").setMessage("a").commit();
      rb.commit("other").setMessage("b").commit();
      ra.createTag("v1", "main");
      assertThat(ra.branches()).containsExactly("main");
      assertThat(rb.branches()).containsExactly("other");
      assertThat(ra.tags()).containsExactly("v1");
      assertThat(rb.tags()).isEmpty();
      assertThatThrownBy(() -> ra.createTag("v1", "main")).isInstanceOf(ConflictException.class);
    }
  }

  @Test
  void unreachableDatabase_failsNamingItWithoutThePassword() {
    JdbcRefStore refs = JdbcRefStore.builder().setUrl("jdbc:nosuchdriver://host/db").optCredentials("u", "s3cret").build();
    try (BlobStore mem = new InMemoryBlobStore()) {
      assertThatThrownBy(() -> Repository.init(mem, refs)).isInstanceOf(DataException.class)
          .hasMessageContaining("jdbc:nosuchdriver://host/db").hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void builder_conflictsAndMissingSettings_failAtBuild() {
    assertThatThrownBy(() -> JdbcRefStore.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setUrl");
    assertThatThrownBy(() -> JdbcRefStore.builder().setUrl("jdbc:sqlite:x").setDataSource(new org.sqlite.SQLiteDataSource())
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setUrl conflicts with setDataSource");
    assertThatThrownBy(() -> JdbcRefStore.builder().setUrl("sqlite:x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:");
  }
}
