package dev.datamgmt.label.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records from SQL into a version: the metadata in a real SQLite database (and once in a real PostgreSQL), blobs
 * in a second blob store ("s3://photos/...") and in local files ("file:...").
 */
class SqlImportTest {
  static final DatasetSchema SCHEMA = DatasetSchema.builder().setLabelKind(LabelKind.CLASS)
      .addClassNames("cat", "dog", "bird").build();

  @TempDir
  Path tmp;
  String url;
  Repository repo;
  InMemoryBlobStore photos;
  Path localFile;

  @BeforeEach
  void setUp() throws Exception {
    url = "jdbc:sqlite:" + tmp.resolve("catalog.db");
    repo = Repository.init(new InMemoryBlobStore());
    photos = new InMemoryBlobStore();
    photos.put("2026/a.png", bytes("png-a"));
    photos.put("2026/b.jpg", bytes("jpg-b"));
    localFile = tmp.resolve("c.png");
    Files.write(localFile, bytes("png-c"));
    sql("CREATE TABLE items (item_id TEXT, image_uri TEXT, category TEXT, split TEXT, width INTEGER, "
        + "score REAL, reviewed BOOLEAN, note TEXT)",
        "INSERT INTO items VALUES ('a', 's3://photos/2026/a.png', 'cat', 'train', 640, 0.5, 1, 'first')",
        "INSERT INTO items VALUES ('b', 's3://photos/2026/b.jpg', 'dog', 'test', 320, 0.25, 1, NULL)",
        "INSERT INTO items VALUES ('c', '" + localFile.toUri() + "', NULL, NULL, 100, 1.0, 1, 'local')",
        "INSERT INTO items VALUES ('d', 's3://photos/2026/a.png', 'bird', 'train', 1, 0, 0, 'not reviewed')");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  SqlImport.Builder importer(String query) {
    return SqlImport.builder(repo).setBranch("main").setJdbcUrl(url).setQuery(query).setIdColumn("item_id")
        .addBlobColumn("image_uri", Record.DEFAULT_BLOB).optLabelColumn("category").optSplitColumn("split")
        .addBlobStore("s3://photos/", photos).optSchema(SCHEMA);
  }

  @Test
  void run_importsRowsAsRecordsWithTheirBlobsAttributesLabelsAndLineage() throws Exception {
    SqlImport.Result r = importer("SELECT item_id, image_uri, category, split, width, score, note FROM items "
        + "WHERE reviewed ORDER BY item_id").build().run();

    DatasetVersion v = r.version();
    assertThat(r.records()).isEqualTo(3);
    assertThat(r.blobs()).isEqualTo(3);
    assertThat(v.records()).extracting(Record::id).containsExactly("a", "b", "c");
    Record a = v.record("a").orElseThrow();
    assertThat(a.label()).contains(ClassLabel.of(0));
    assertThat(a.split()).isEqualTo(Split.TRAIN);
    assertThat(a.attributes()).containsEntry("width", 640L).containsEntry("score", 0.5)
        .containsEntry("note", "first").doesNotContainKeys("item_id", "image_uri", "category", "split");
    assertThat(a.blob().orElseThrow().mediaType()).isEqualTo("image/png");
    assertThat(v.readBlob(a.blob().orElseThrow())).isEqualTo(bytes("png-a"));
    Record b = v.record("b").orElseThrow();
    assertThat(b.label()).contains(ClassLabel.of(1));
    assertThat(b.attributes()).doesNotContainKey("note"); // SQL NULL: left out
    assertThat(b.blob().orElseThrow().mediaType()).isEqualTo("image/jpeg");
    Record c = v.record("c").orElseThrow();
    assertThat(c.label()).isEmpty();
    assertThat(v.readBlob(c.blob().orElseThrow())).isEqualTo(bytes("png-c"));
    assertThat(v.schema()).contains(SCHEMA);
    assertThat(v.commit().lineage()).containsEntry("sql.query", "SELECT item_id, image_uri, category, split, "
        + "width, score, note FROM items WHERE reviewed ORDER BY item_id").containsEntry("sql.records", "3")
        .containsEntry("sql.source", url);
  }

  @Test
  void run_onARealPostgres_withIntegerClassIndices() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String pgUrl = pg.createDatabase();
      try (Connection c = DriverManager.getConnection(pgUrl, pg.user(), pg.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE items (item_id BIGINT, image_uri TEXT, category INTEGER, taken TIMESTAMP WITH "
            + "TIME ZONE, price NUMERIC(6, 2), n NUMERIC)");
        s.execute("INSERT INTO items VALUES (7, 's3://photos/2026/b.jpg', 2, '2026-01-02T03:04:05Z', 12.50, 3)");
      }
      DatasetVersion v = SqlImport.builder(repo).setBranch("main").setJdbcUrl(pgUrl)
          .optCredentials(pg.user(), pg.password()).setQuery("SELECT * FROM items").setIdColumn("ITEM_ID")
          .addBlobColumn("image_uri", Record.DEFAULT_BLOB).optLabelColumn("category").addBlobStore("s3://photos/",
              photos).optSchema(SCHEMA).build().run().version();
      Record r = v.record("7").orElseThrow();
      assertThat(r.label()).contains(ClassLabel.of(2));
      assertThat(r.attributes()).containsEntry("taken", "2026-01-02T03:04:05Z").containsEntry("price", 12.5)
          .containsEntry("n", 3L);
      assertThat(v.readBlob(r.blob().orElseThrow())).isEqualTo(bytes("jpg-b"));
    }
  }

  /** Runs {@code query}, expects {@code type} with {@code message}, and checks that no version was made. */
  void assertFails(SqlImport.Builder b, Class<? extends Exception> type, String message) throws Exception {
    assertThatThrownBy(() -> b.build().run()).isInstanceOf(type).hasMessage(message);
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void badRows_failNamingRowIdAndColumn_andImportNothing() throws Exception {
    sql("INSERT INTO items VALUES ('e', 's3://photos/2026/missing.png', 'cat', 'train', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES ('f', 's3://photos/2026/a.png', 'horse', 'train', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES ('g', 'ftp://elsewhere/g.png', 'cat', 'train', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES ('h', 's3://photos/2026/a.png', 'cat', 'Train!', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES ('i', '" + tmp.resolve("nope.png").toUri() + "', 'cat', 'train', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES ('j', 's3://photos/2026/a.png', 5, 'train', 1, 0, 1, NULL)",
        "INSERT INTO items VALUES (NULL, 's3://photos/2026/a.png', 'cat', 'train', 1, 0, 1, NULL)");
    String cols = "SELECT item_id, image_uri, category, split FROM items WHERE item_id IN ('a', ";
    assertFails(importer(cols + "'e') ORDER BY item_id"), NotFoundException.class,
        "blob not found at row 2 (id e), column image_uri: expected an object at s3://photos/2026/missing.png, "
            + "found none in the store for s3://photos/");
    assertFails(importer(cols + "'f') ORDER BY item_id"), InvalidDataException.class,
        "unknown class name at row 2 (id f), column category: expected one of [cat, dog, bird], found horse");
    assertFails(importer(cols + "'g') ORDER BY item_id"), InvalidDataException.class,
        "no blob store for URI at row 2 (id g), column image_uri: expected a file: URI or one starting with "
            + "[s3://photos/], found ftp://elsewhere/g.png");
    assertFails(importer(cols + "'h') ORDER BY item_id"), InvalidDataException.class,
        "bad split name at row 2 (id h), column split: expected train, validation, test, none or another "
            + "lowercase name, found Train!");
    assertFails(importer(cols + "'i') ORDER BY item_id"), NotFoundException.class,
        "blob not found at row 2 (id i), column image_uri: expected a file at " + tmp.resolve("nope.png").toUri()
            + ", found no such file");
    // an integer value is a class index (SQLite's TEXT column keeps 5 as text, hence the CASE)
    assertFails(importer("SELECT item_id, image_uri, CASE item_id WHEN 'j' THEN 5 ELSE 0 END AS category, split "
        + "FROM items WHERE item_id IN ('a', 'j') ORDER BY item_id"), InvalidDataException.class,
        "class index out of range at row 2 (id j), column category: expected an index in 0..2, found 5");
    assertFails(importer("SELECT item_id, image_uri, category, split FROM items WHERE item_id IS NULL OR item_id "
        + "= 'a' ORDER BY item_id DESC"), InvalidDataException.class,
        "record id is NULL at row 2, column item_id: expected a non-empty id, found NULL");
    assertFails(importer("SELECT item_id, image_uri, category, split FROM items WHERE item_id = 'a' UNION ALL "
        + "SELECT item_id, image_uri, category, split FROM items WHERE item_id = 'a'"), InvalidDataException.class,
        "record id repeated at row 2, column item_id: expected one row per record id, found id a also in row 1");
    assertFails(importer("SELECT item_id, image_uri, split FROM items"), InvalidDataException.class,
        "column missing from the query result at query: SELECT item_id, image_uri, split FROM items: expected "
            + "the label column named category, found columns [item_id, image_uri, split]");
    assertFails(importer("SELECT item_id, image_uri, category, split, x'00' AS raw FROM items"),
        InvalidDataException.class, "unsupported attribute type at row 1 (id a), column raw: expected text, a "
            + "number, a boolean, a date or a time, found [B");
    assertThatThrownBy(() -> importer("SELECT nonsense FROM nowhere").build().run())
        .isInstanceOf(StorageException.class).hasMessageStartingWith("metadata query failed at " + url
            + ": SELECT nonsense FROM nowhere: expected a query that runs, found ");
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void unreachableDatabase_isAStorageExceptionNamingIt() {
    assertThatThrownBy(() -> SqlImport.builder(repo).setBranch("main")
        .setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none?password=secret").setQuery("SELECT 1").setIdColumn("id")
        .build().run())
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("cannot connect to the metadata database at jdbc:postgresql://127.0.0.1:1/none?"
            + "password=***: expected a reachable database, found ");
  }

  @Test
  void build_namesMissingAndConflictingSettings() {
    assertThatThrownBy(() -> SqlImport.builder(repo).setJdbcUrl(url).setQuery("q").setIdColumn("id").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("branch was not set; call setBranch");
    assertThatThrownBy(() -> SqlImport.builder(repo).setBranch("main").setQuery("q").setIdColumn("id").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("database was not set; call setJdbcUrl or setConnection");
    assertThatThrownBy(() -> SqlImport.builder(repo).setBranch("main").setQuery("q").setIdColumn("id")
        .setJdbcUrl(url).setConnection(() -> DriverManager.getConnection(url)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("setJdbcUrl and setConnection both set: give the database one way");
    assertThatThrownBy(() -> SqlImport.builder(repo).setBranch("main").setQuery("q").setIdColumn("id")
        .setJdbcUrl(url).optLabelColumn("ID").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a column has two roles (id, label, split, blob): [id, id]");
  }

  @Test
  void setConnection_readsThroughTheCallersConnection_andAddsToTheBranch() throws Exception {
    importer("SELECT item_id, image_uri, category, split FROM items WHERE item_id = 'a'").build().run();
    DatasetVersion v = SqlImport.builder(repo).setBranch("main").setConnection(() -> DriverManager.getConnection(url))
        .setQuery("SELECT item_id, image_uri, category FROM items WHERE item_id = 'b'").setIdColumn("item_id")
        .addBlobColumn("image_uri", "photo").optLabelColumn("category").addBlobStore("s3://photos/", photos)
        .build().run().version();
    assertThat(v.records()).extracting(Record::id).containsExactly("a", "b");
    assertThat(v.record("b").orElseThrow().blob("photo")).isPresent();
    assertThat(v.commit().lineage()).containsEntry("sql.source", "a connection from setConnection");
  }
}
