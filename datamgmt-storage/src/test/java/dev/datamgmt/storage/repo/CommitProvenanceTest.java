package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A commit records what made it, in the one {@link Provenance} type, and commits without one still read. */
class CommitProvenanceTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

  @Test
  void commit_withoutProvenance_recordsTheDefault_kindTimeAndEnvironment() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
      DatasetVersion v = repo.commit("main").addRecord(Record.builder("r").build()).setMessage("m").commit();

      Provenance p = Repository.open(store).readCommit(v.id()).provenance().orElseThrow();
      assertThat(p.kind()).isEqualTo(Commit.PROVENANCE_KIND);
      assertThat(p.createdAt()).isEqualTo(NOW);
      assertThat(p.environment()).isEqualTo(Provenance.currentEnvironment());
      assertThat(p.sources()).isEmpty();
    }
  }

  @Test
  void optProvenance_isStoredWithTheCommit_andReadBackEqual() throws Exception {
    Provenance given = Provenance.builder("synthetic-set")
        .optCreatedAt(Instant.parse("2026-02-01T00:00:00Z"))
        .addSource(new Provenance.Source("generator", "dev.example.Shapes"))
        .addStep(new Provenance.Step("generate", Map.of("count", "1000", "size", "64x64")))
        .addSeed("generator", 42)
        .optCodeCommit("9c1e0f")
        .optEnvironment(Map.of("java.version", "17"))
        .build();
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion v = repo.commit("main").setMessage("shapes").optProvenance(given).commit();

      assertThat(v.commit().provenance()).contains(given);
      Repository reopened = Repository.open(store); // no cache: decoded from the stored JSON
      assertThat(reopened.readCommit(v.id()).provenance()).contains(given);
      assertThat(reopened.log("main").get(0).provenance()).contains(given);
    }
  }

  @Test
  void optProvenance_null_restoresTheDefault() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
      DatasetVersion v = repo.commit("main").setMessage("m")
          .optProvenance(Provenance.builder("x").build()).optProvenance(null).commit();
      assertThat(v.commit().provenance().orElseThrow().kind()).isEqualTo(Commit.PROVENANCE_KIND);
    }
  }

  @Test
  void aCommitWrittenWithoutProvenance_stillReads_withAnEmptyProvenance() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion base = repo.commit("main").addRecord(Record.builder("r").build()).setMessage("base").commit();
      // the commit JSON of a writer from before commits carried a provenance: no "provenance" key at all
      String json = "{\"format\":1,\"manifest\":\"" + base.commit().manifest() + "\",\"message\":\"old\","
          + "\"recordCount\":1,\"time\":\"2025-01-01T00:00:00Z\"}";
      byte[] bytes = json.getBytes(UTF_8);
      ContentHash id = ContentHash.of(bytes);
      store.put(RepositoryKeys.commitKey(id), bytes);
      repo.createBranch("old", id.toString());

      Repository reopened = Repository.open(store);
      Commit old = reopened.readCommit(id);
      assertThat(old.provenance()).isEmpty();
      assertThat(old.message()).isEqualTo("old");
      assertThat(reopened.checkout("old").records()).extracting(Record::id).containsExactly("r");
      // and a commit on top of it records one again
      DatasetVersion next = reopened.commit("old").setMessage("new").commit();
      assertThat(reopened.readCommit(next.id()).provenance()).isPresent();
    }
  }

  @Property(tries = 50)
  void anyProvenance_roundTripsThroughTheCommitJson(@ForAll("provenances") Provenance given) throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository.init(store).commit("main").setMessage("m").optProvenance(given).commit();
      Repository reopened = Repository.open(store);
      assertThat(reopened.readCommit(reopened.head("main").orElseThrow()).provenance()).contains(given);
    }
  }

  @Provide
  Arbitrary<Provenance> provenances() {
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
    Arbitrary<List<Provenance.Source>> sources = Combinators.combine(text, text).as(Provenance.Source::new).list().ofMaxSize(3);
    Arbitrary<List<Provenance.Step>> steps = Combinators.combine(text, Arbitraries.maps(text, text).ofMaxSize(3))
        .as((n, s) -> new Provenance.Step(n, s)).list().ofMaxSize(3);
    Arbitrary<Map<String, Long>> seeds = Arbitraries.maps(text, Arbitraries.longs()).ofMaxSize(3);
    Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
    Arbitrary<String> kinds = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
    return Combinators.combine(kinds, times, sources, steps, seeds, text.injectNull(0.5))
        .as((kind, time, src, st, sd, code) -> {
          Provenance.Builder b = Provenance.builder(kind).optCreatedAt(time).optCodeCommit(code);
          src.forEach(b::addSource);
          st.forEach(b::addStep);
          sd.forEach(b::addSeed);
          return b.build();
        });
  }
}
