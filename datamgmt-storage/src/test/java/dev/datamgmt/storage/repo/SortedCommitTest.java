package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A streamed commit ({@link CommitBuilder#startSortedRecords}) writes the manifest row group by row group and
 * gives exactly the version (same id, same records) that collecting the same records gives.
 */
class SortedCommitTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
  private static final Provenance MADE = Provenance.builder("test").optCreatedAt(NOW).build();

  /** Records with ids drawn from a seed, sorted; a third with a blob, some labelled, some with attributes. */
  private static List<Record> records(Repository repo, int n, long seed) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    TreeSet<String> ids = new TreeSet<>();
    while (ids.size() < n) {
      ids.add("r" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    List<Record> out = new ArrayList<>();
    for (String id : ids) {
      Record.Builder b = Record.builder(id);
      if (random.nextInt(3) == 0) {
        b.setBlob(repo.putBlob(("blob " + id).getBytes(UTF_8), "text/plain"));
      }
      if (random.nextBoolean()) {
        b.optLabel(new ClassLabel(random.nextInt(10)));
      }
      if (random.nextInt(4) == 0) {
        b.optSplit(Split.TEST).addAttribute("w", random.nextInt(100));
      }
      out.add(b.build());
    }
    return out;
  }

  @Property(tries = 12)
  void streamed_givesTheSameVersionId_asCollected(@ForAll @IntRange(min = 0, max = 3000) int n,
      @ForAll long seed) throws Exception {
    try (InMemoryBlobStore a = new InMemoryBlobStore(); InMemoryBlobStore b = new InMemoryBlobStore()) {
      Repository collected = Repository.init(a, Clock.fixed(NOW, ZoneOffset.UTC));
      Repository streamed = Repository.init(b, Clock.fixed(NOW, ZoneOffset.UTC));
      List<Record> rs = records(collected, n, seed);
      records(streamed, n, seed); // the same blobs in the second repository
      CommitBuilder c = collected.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE);
      rs.forEach(c::addRecord);
      DatasetVersion expected = c.commit();

      CommitBuilder s = streamed.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE)
          .startSortedRecords(n);
      for (Record r : rs) {
        s.addSortedRecord(r);
      }
      DatasetVersion v = s.commit();

      assertThat(v.id()).isEqualTo(expected.id());
      assertThat(v.records()).isEqualTo(rs);
      assertThat(Repository.open(b).checkout("main").records()).isEqualTo(rs);
    }
  }

  @Test
  void streamed_afterRemoveAllRecords_onABase_equalsTheCollectedCommit() throws Exception {
    try (InMemoryBlobStore a = new InMemoryBlobStore(); InMemoryBlobStore b = new InMemoryBlobStore()) {
      List<ContentHash> ids = new ArrayList<>();
      for (InMemoryBlobStore store : List.of(a, b)) {
        Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
        repo.commit("main").addRecord(Record.builder("old").build()).setMessage("base").optAuthor("a")
            .optProvenance(MADE).commit();
        List<Record> rs = records(repo, 1500, 7);
        CommitBuilder c = repo.commit("main").removeAllRecords().setMessage("m").optAuthor("a").optProvenance(MADE);
        if (store == a) {
          rs.forEach(c::addRecord);
        } else {
          c.startSortedRecords(rs.size());
          for (Record r : rs) {
            c.addSortedRecord(r);
          }
        }
        ids.add(c.commit().id());
      }
      assertThat(ids.get(1)).isEqualTo(ids.get(0));
    }
  }

  @Test
  void outOfOrder_countMismatch_base_andMissingBlob_fail() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      CommitBuilder c = repo.commit("main").setMessage("m").startSortedRecords(3);
      c.addSortedRecord(Record.builder("b").build());
      assertThatThrownBy(() -> c.addSortedRecord(Record.builder("a").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a after b");
      assertThatThrownBy(() -> c.addRecord(Record.builder("z").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("addSortedRecord");
      BlobRef absent = BlobRef.of("never stored".getBytes(UTF_8), "text/plain");
      assertThatThrownBy(() -> c.addSortedRecord(Record.builder("c").setBlob(absent).build()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("record c");
      c.addSortedRecord(Record.builder("d").build());
      assertThatThrownBy(c::commit).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("announced 3 records, 2 arrived");
      assertThat(repo.head("main")).isEmpty();

      repo.commit("main").addRecord(Record.builder("x").build()).setMessage("base").commit();
      assertThatThrownBy(() -> repo.commit("main").startSortedRecords(1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("removeAllRecords");
      CommitBuilder one = repo.commit("main").removeAllRecords().setMessage("m").startSortedRecords(1);
      one.addSortedRecord(Record.builder("y").build());
      assertThatThrownBy(() -> one.addSortedRecord(Record.builder("z").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 announced");
      assertThat(one.commit().records()).extracting(Record::id).containsExactly("y");
    }
  }
}
