package dev.datamgmt.storage.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import dev.datamgmt.storage.formats.imagefolder.ImageFolder;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importers into a commit store small blobs in packs, as the directory ingest does: not one object per file. */
class PackedImportTest {
  @TempDir Path tmp;
  InMemoryBlobStore store;
  Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryBlobStore();
    repo = Repository.init(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void imageFolderImport_ofManySmallFiles_writesOnePackNotAnObjectPerFile() throws Exception {
    Path root = tmp.resolve("train");
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      byte[] px = new byte[16];
      random.nextBytes(px);
      Path f = root.resolve("c" + (i % 3)).resolve(String.format("%03d.png", i));
      Files.createDirectories(f.getParent());
      Files.write(f, Png.encode(px, 4, 4, 1));
    }
    CommitBuilder c = repo.commit("main").setMessage("import");
    ImportReport r = ImageFolder.importFrom(root, Split.TRAIN, RecordSink.into(c));
    DatasetVersion v = c.optSchema(r.schema()).commit();

    assertThat(store.listAll("objects/").count()).isZero();
    assertThat(store.listAll("packs/").map(i -> i.key().substring(i.key().lastIndexOf('.'))).toList())
        .containsExactlyInAnyOrder(".pack", ".idx");
    assertThat(v.records()).hasSize(300);
    Record first = v.record("c0/000.png").orElseThrow();
    assertThat(v.readBlob(first.blob().orElseThrow())).isEqualTo(Files.readAllBytes(root.resolve("c0/000.png")));
    assertThat(repo.fsck().isClean()).isTrue();
  }

  @Test
  void idxImport_packsItsPngs() throws Exception {
    int n = 50;
    byte[] px = new byte[n * 4 * 4];
    new Random(1).nextBytes(px);
    CommitBuilder c = repo.commit("main").setMessage("idx");
    Idx.importTo(new IdxDataset(IdxImages.of(n, 4, 4, px), new int[n]), "t", Split.TRAIN, List.of(),
        RecordSink.into(c));
    assertThat(c.commit().records()).hasSize(n);
    assertThat(store.listAll("objects/").count()).isZero();
    assertThat(store.listAll("packs/").count()).isEqualTo(2);
  }

  @Test
  void aBlobLargerThanThePackThreshold_isAnObjectOfItsOwn() throws Exception {
    byte[] big = new byte[(int) dev.datamgmt.storage.ingest.DirectoryIngest.DEFAULT_PACK_THRESHOLD + 1];
    CommitBuilder c = repo.commit("main").setMessage("big");
    RecordSink sink = RecordSink.into(c);
    sink.add(Record.builder("big").setBlob(BlobRef.of(big, BlobRef.OCTET_STREAM)).build(), big);
    sink.flush();
    c.commit();
    assertThat(store.listAll("objects/").count()).isEqualTo(1);
    assertThat(store.listAll("packs/").count()).isZero();
  }

  @Test
  void committingBeforeTheSinkIsFlushed_failsNamingTheBlob_insteadOfReferencingAMissingOne() throws Exception {
    byte[] small = {1, 2, 3};
    BlobRef ref = BlobRef.of(small, BlobRef.OCTET_STREAM);
    CommitBuilder c = repo.commit("main").setMessage("unflushed");
    RecordSink.into(c).add(Record.builder("r").setBlob(ref).build(), small);
    assertThatThrownBy(c::commit).isInstanceOf(NotFoundException.class).hasMessageContaining("record r")
        .hasMessageContaining(ref.hash().hex().substring(2));
    assertThat(repo.head("main")).isEmpty();
  }
}
