package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Row-group-level shortcuts give the results of the full computation: a diff that decodes only the row groups
 * two manifests do not share ({@link ManifestCodec#differingRows}) finds exactly the differences of the fully
 * decoded manifests, a patched manifest ({@link ManifestCodec#patch}) holds exactly the merged rows, and both
 * touch little when little changed.
 */
class ManifestRowGroupPropertiesTest {

  /** Records with ids from a pool of 60, so that two lists share many ids and row groups. */
  @Provide
  Arbitrary<List<Record>> lists() {
    return RepositoryPropertiesTest.recordLists(60, 60, "r%02d");
  }

  private static List<ManifestRow> rows(List<Record> records) {
    TreeMap<String, ManifestRow> sorted = new TreeMap<>();
    records.forEach(r -> sorted.put(r.id(), ManifestRow.of(r)));
    return new ArrayList<>(sorted.values());
  }

  private static List<Record> decode(List<ManifestRow> rows) throws Exception {
    List<Record> out = new ArrayList<>();
    for (ManifestRow r : rows) {
      out.add(r.decode("test"));
    }
    return out;
  }

  /** {@code b}: {@code a} with the records of {@code changes} put in (updated or added) and every k-th removed. */
  private static List<Record> changed(List<Record> a, List<Record> changes, int removeEvery) {
    TreeMap<String, Record> m = new TreeMap<>();
    for (int i = 0; i < a.size(); i++) {
      if (removeEvery == 0 || i % removeEvery != 0) {
        m.put(a.get(i).id(), a.get(i));
      }
    }
    changes.forEach(r -> m.put(r.id(), r));
    return new ArrayList<>(m.values());
  }

  @Property(tries = 150)
  void diffOfDifferingRowGroups_equalsFullDiff(@ForAll("lists") List<Record> a,
      @ForAll("lists") @Size(max = 4) List<Record> changes, @ForAll @IntRange(min = 0, max = 9) int removeEvery,
      @ForAll @IntRange(min = 1, max = 8) int rowGroupRowsA, @ForAll @IntRange(min = 1, max = 8) int rowGroupRowsB)
      throws Exception {
    List<Record> b = changed(a, changes, removeEvery);
    // the two sides may even be written with different row group sizes: then fewer groups match, never wrong ones
    byte[] fa = ManifestCodec.write(rows(a), rowGroupRowsA);
    byte[] fb = ManifestCodec.write(rows(b), rowGroupRowsB);

    ManifestCodec.Differing d = ManifestCodec.differingRows(fa, "a", fb, "b");

    Diff full = Diff.between(decode(ManifestCodec.read(fa, "a")), decode(ManifestCodec.read(fb, "b")));
    assertThat(Diff.between(decode(d.from()), decode(d.to()))).isEqualTo(full);
    assertThat(full.applyTo(rowsAsRecords(a))).isEqualTo(rowsAsRecords(b));
  }

  private static List<Record> rowsAsRecords(List<Record> records) throws Exception {
    return decode(rows(records));
  }

  @Property(tries = 100)
  void oneChangedRecord_decodesOneRowGroupPerSide(@ForAll("lists") @Size(min = 1) List<Record> a,
      @ForAll @IntRange(min = 0, max = 59) int which, @ForAll @IntRange(min = 1, max = 8) int rowGroupRows)
      throws Exception {
    List<ManifestRow> ra = rows(a);
    int index = which % ra.size();
    Record old = ra.get(index).decode("a");
    Record updated = Record.builder(old.id()).optSplit(old.split()).optLabel(ClassLabel.of(12345))
        .addBlob("data", new BlobRef(ContentHash.of(old.id().getBytes(StandardCharsets.UTF_8)), 7, "image/png"))
        .build();
    List<Record> b = changed(a, List.of(updated), 0);
    byte[] fa = ManifestCodec.write(ra, rowGroupRows);
    byte[] fb = ManifestCodec.write(rows(b), rowGroupRows);

    ManifestCodec.Differing d = ManifestCodec.differingRows(fa, "a", fb, "b");

    int groupStart = index / rowGroupRows * rowGroupRows;
    int groupRows = Math.min(rowGroupRows, ra.size() - groupStart);
    assertThat(d.from()).isEqualTo(ra.subList(groupStart, groupStart + groupRows));
    assertThat(d.to()).hasSize(groupRows).contains(ManifestRow.of(updated));
    assertThat(ManifestCodec.differingRows(fa, "a", fa.clone(), "a again").from()).isEmpty();
  }

  private static TreeMap<String, ManifestRow> putRows(List<Record> changes) {
    TreeMap<String, ManifestRow> m = new TreeMap<>();
    changes.forEach(r -> m.put(r.id(), ManifestRow.of(r)));
    return m;
  }

  @Property(tries = 150)
  void patchedManifest_holdsExactlyTheMergedRows(@ForAll("lists") List<Record> a,
      @ForAll("lists") @Size(max = 6) List<Record> changes, @ForAll("lists") @Size(max = 6) List<Record> removed,
      @ForAll @IntRange(min = 1, max = 8) int baseGroupRows, @ForAll @IntRange(min = 1, max = 8) int groupRows)
      throws Exception {
    List<ManifestRow> base = rows(a);
    TreeMap<String, ManifestRow> puts = putRows(changes);
    java.util.Set<String> removes = new java.util.HashSet<>();
    removed.forEach(r -> removes.add(r.id()));
    byte[] fa = ManifestCodec.write(base, baseGroupRows);

    ManifestCodec.Patched p = ManifestCodec.patch(fa, "a", puts, removes, groupRows);

    List<ManifestRow> expected = ManifestCodec.merge(base, puts, removes);
    if (base.isEmpty()) {
      assertThat(p).isNull(); // nothing to copy from: the caller writes the rows whole
      return;
    }
    assertThat(ManifestCodec.read(p.bytes(), "patched")).isEqualTo(expected);
    assertThat(p.rowCount()).isEqualTo(expected.size());
    // what was copied is shared byte for byte: a diff against the base decodes only the rest
    ManifestCodec.Differing d = ManifestCodec.differingRows(fa, "a", p.bytes(), "patched");
    assertThat(Diff.between(decode(d.from()), decode(d.to())))
        .isEqualTo(Diff.between(decode(base), decode(expected)));
    assertThat(d.to().size()).isEqualTo(expected.size() - copiedRows(fa, p));
  }

  /** Rows of the base's row groups that the patched manifest holds byte for byte. */
  private static int copiedRows(byte[] base, ManifestCodec.Patched p) throws Exception {
    return ManifestCodec.read(p.bytes(), "patched").size()
        - ManifestCodec.differingRows(base, "a", p.bytes(), "patched").to().size();
  }

  @Property(tries = 100)
  void patchOfOneRecord_copiesEveryOtherRowGroup(@ForAll("lists") @Size(min = 1) List<Record> a,
      @ForAll @IntRange(min = 0, max = 59) int which, @ForAll @IntRange(min = 1, max = 8) int groupRows)
      throws Exception {
    List<ManifestRow> base = rows(a);
    Record old = base.get(which % base.size()).decode("a");
    Record updated = Record.builder(old.id()).optSplit(old.split()).optLabel(ClassLabel.of(54321)).build();
    byte[] fa = ManifestCodec.write(base, groupRows);
    int groups = (base.size() + groupRows - 1) / groupRows;

    ManifestCodec.Patched p = ManifestCodec.patch(fa, "a", putRows(List.of(updated)), java.util.Set.of(), groupRows);

    // one group rewritten (two when it took in a neighbour after shrinking, which an update cannot cause)
    assertThat(p.groupsCopied()).isEqualTo(groups - 1);
    assertThat(p.groupsWritten()).isEqualTo(1);
    assertThat(ManifestCodec.read(p.bytes(), "patched")).hasSize(base.size()).contains(ManifestRow.of(updated));
  }

  /** A first commit of up to 60 records, then up to 10 of up to 3 records each; ids from a pool of 60. */
  @Provide
  Arbitrary<List<List<Record>>> commitSequences() {
    return net.jqwik.api.Combinators.combine(RepositoryPropertiesTest.recordLists(60, 60, "r%02d"),
            RepositoryPropertiesTest.recordLists(60, 3, "r%02d").list().ofMaxSize(10))
        .as((first, rest) -> {
          List<List<Record>> all = new ArrayList<>();
          all.add(first);
          all.addAll(rest);
          return all;
        });
  }

  @Property(tries = 60)
  void patchAfterPatch_keepsTheRows_andNoGroupButTheLastBelowHalfSize(
      @ForAll("commitSequences") List<List<Record>> commits, @ForAll @IntRange(min = 1, max = 6) int groupRows,
      @ForAll long seed) throws Exception {
    // a sequence of commits: each list's records are put, and a run of consecutive ids of the current version
    // (chosen by the seed) removed, so that single row groups shrink
    java.util.Random random = new java.util.Random(seed);
    TreeMap<String, ManifestRow> model = new TreeMap<>();
    byte[] manifest = ManifestCodec.write(List.of(), groupRows);
    int step = 0;
    for (List<Record> changes : commits) {
      TreeMap<String, ManifestRow> puts = putRows(changes);
      java.util.Set<String> removes = new java.util.HashSet<>();
      List<String> ids = new ArrayList<>(model.keySet());
      int from = ids.isEmpty() ? 0 : random.nextInt(ids.size());
      int count = random.nextInt(2 * groupRows + 1);
      for (String id : ids.subList(from, Math.min(ids.size(), from + count))) {
        if (!puts.containsKey(id)) {
          removes.add(id);
        }
      }
      ManifestCodec.Patched p = ManifestCodec.patch(manifest, "step " + step, puts, removes, groupRows);
      model.keySet().removeAll(removes);
      model.putAll(puts);
      manifest = p == null ? ManifestCodec.write(new ArrayList<>(model.values()), groupRows) : p.bytes();
      assertThat(ManifestCodec.read(manifest, "step " + step)).isEqualTo(new ArrayList<>(model.values()));
      List<Long> sizes = groupSizes(manifest);
      for (int g = 0; g + 1 < sizes.size(); g++) {
        assertThat(sizes.get(g)).as("group %d of %s at step %d", g, sizes, step).isGreaterThanOrEqualTo(groupRows / 2)
            .isLessThanOrEqualTo(groupRows);
      }
      step++;
    }
  }

  private static List<Long> groupSizes(byte[] manifest) throws Exception {
    try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
        new dev.datamgmt.storage.internal.parquet.ParquetBytes.Input(manifest))) {
      return r.getRowGroups().stream().map(org.apache.parquet.hadoop.metadata.BlockMetaData::getRowCount).toList();
    }
  }

  @Test
  void aManifestReadAgain_reusesItsParsedFooter_andADamagedBodyIsStillRefused() throws Exception {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      records.add(Record.builder("footer-cache-" + System.nanoTime() + "-" + i).build());
    }
    byte[] m = ManifestCodec.write(rows(records), 1024);
    long before = ManifestCodec.FOOTER_PARSES.get();
    List<ManifestRow> first = ManifestCodec.read(m, "m");
    assertThat(ManifestCodec.read(m.clone(), "m again")).isEqualTo(first);
    assertThat(ManifestCodec.differingRows(m, "m", m.clone(), "copy").from()).isEmpty();
    assertThat(ManifestCodec.FOOTER_PARSES.get() - before).isEqualTo(1);

    byte[] damaged = m.clone(); // same footer, a data page overwritten
    java.util.Arrays.fill(damaged, 4, 400, (byte) 0x5a);
    assertThatThrownBy(() -> ManifestCodec.read(damaged, "manifests/damaged"))
        .hasMessageContaining("manifests/damaged");
  }

  @Test
  void patchingAForeignOrDamagedManifest_isNullOrATypedError() throws Exception {
    byte[] bad = "PAR1 not a manifest PAR1".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ManifestCodec.patch(bad, "manifests/bad", new TreeMap<>(), java.util.Set.of()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("manifests/bad");
    byte[] empty = ManifestCodec.write(List.of());
    assertThat(ManifestCodec.patch(empty, "manifests/empty", putRows(List.of(Record.builder("x").build())),
        java.util.Set.of())).isNull();
  }

  @Test
  void mergeOfLargeVersions_byRowGroupDiffs_givesTheRecordModel_andReportsConflictsWithTheBase() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      CommitBuilder first = repo.commit("main").setMessage("3,000 records");
      TreeMap<String, Record> expected = new TreeMap<>();
      for (int i = 0; i < 3000; i++) {
        Record r = Record.builder(String.format("item-%05d", i)).optLabel(ClassLabel.of(i % 7)).build();
        first.addRecord(r);
        expected.put(r.id(), r);
      }
      first.commit();
      repo.createBranch("feature", "main");
      repo.createBranch("rival", "main");
      Record ours = Record.builder("item-00010").optLabel(ClassLabel.of(70)).build();
      repo.commit("main").setMessage("ours").addRecord(ours).removeRecord("item-02999").commit();
      Record theirs = Record.builder("item-01500").optLabel(ClassLabel.of(71)).build();
      Record added = Record.builder("item-00500x").build();
      repo.commit("feature").setMessage("theirs").addRecord(theirs).addRecord(added).commit();

      MergeResult merged = Repository.open(store).merge("feature", "main", "merge feature");

      assertThat(merged.outcome()).isEqualTo(MergeResult.Outcome.MERGED);
      expected.put(ours.id(), ours);
      expected.remove("item-02999");
      expected.put(theirs.id(), theirs);
      expected.put(added.id(), added);
      assertThat(Repository.open(store).checkout("main").records()).isEqualTo(new ArrayList<>(expected.values()));

      Record rival = Record.builder("item-00010").optLabel(ClassLabel.of(72)).build();
      repo.commit("rival").setMessage("rival").addRecord(rival).commit();
      MergeResult conflict = Repository.open(store).merge("rival", "main", "merge rival");
      assertThat(conflict.outcome()).isEqualTo(MergeResult.Outcome.CONFLICTS);
      assertThat(conflict.conflicts()).singleElement().satisfies(c -> {
        assertThat(c.base()).isEqualTo(Record.builder("item-00010").optLabel(ClassLabel.of(3)).build());
        assertThat(c.ours()).isEqualTo(ours);
        assertThat(c.theirs()).isEqualTo(rival);
      });
    }
  }

  @Test
  void rowGroupSize_growsOnlyForVeryLargeManifests() {
    assertThat(ManifestCodec.rowGroupRows(0)).isEqualTo(1024);
    assertThat(ManifestCodec.rowGroupRows(20_050)).isEqualTo(1024);
    assertThat(ManifestCodec.rowGroupRows(256 * 1024 + 1023)).isEqualTo(1024);
    assertThat(ManifestCodec.rowGroupRows(256 * 1024 + 1024)).isEqualTo(2048);
    assertThat(ManifestCodec.rowGroupRows(10_000_000)).isEqualTo(65_536);
  }

  @Test
  void malformedManifest_isATypedErrorNamingIt() {
    byte[] good = ManifestCodec.write(rows(List.of(Record.builder("x").build())));
    byte[] bad = "PAR1 not a manifest PAR1".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ManifestCodec.differingRows(good, "manifests/good", bad, "manifests/bad"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("manifests/bad");
    assertThatThrownBy(() -> ManifestCodec.differingRows(bad, "manifests/bad", good, "manifests/good"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("manifests/bad");
  }

  @Test
  void repositoryDiffByRevision_equalsDiffOfCheckedOutVersions() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      CommitBuilder first = repo.commit("main").setMessage("3,000 records, three row groups");
      for (int i = 0; i < 3000; i++) {
        first.addRecord(Record.builder(String.format("item-%05d", i)).optLabel(ClassLabel.of(i % 7)).build());
      }
      first.commit();
      repo.commit("main").setMessage("relabel two, add one, remove one")
          .addRecord(Record.builder("item-00010").optLabel(ClassLabel.of(99)).build())
          .addRecord(Record.builder("item-02500").optLabel(ClassLabel.of(98)).build())
          .addRecord(Record.builder("item-01500x").build())
          .removeRecord("item-02999")
          .commit();

      Repository fresh = Repository.open(store); // nothing cached: the row-group path
      Diff byRevision = fresh.diff("main~", "main");
      Diff full = Repository.open(store).diff(fresh.checkout("main~"), fresh.checkout("main"));
      assertThat(byRevision).isEqualTo(full);
      assertThat(byRevision.changed()).hasSize(2);
      assertThat(byRevision.added()).extracting(Record::id).containsExactly("item-01500x");
      assertThat(byRevision.removed()).extracting(Record::id).containsExactly("item-02999");
      assertThat(fresh.diff("main", "main").isEmpty()).isTrue();
    }
  }
}
