package dev.datamgmt.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit of a range streams: records go into the manifest in id order as chunks complete, merged with the
 * branch head's records read one row group at a time, so memory grows neither with the range nor with the base,
 * and the version holds exactly the records collecting them gives.
 */
class SynthStreamingTest {
  private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  /** The version the same samples give when every record is collected first and committed with addRecord. */
  private static DatasetVersion collected(Generator g, long seed, long from, long to, Synth.CommitJob job)
      throws Exception {
    return collected(Repository.init(new InMemoryBlobStore(), FIXED), g, seed, from, to, job);
  }

  /** {@link #collected} onto the head of {@code repo}'s main branch (records added or replaced by id). */
  private static DatasetVersion collected(Repository repo, Generator g, long seed, long from, long to,
      Synth.CommitJob job) throws Exception {
    CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH);
    try (PackWriter packs = repo.newPackWriter()) {
      for (long i = from; i < to; i++) {
        GeneratedSample s = Synth.sample(g, seed, i);
        BlobRef main = packs.put(s.data().bytes(), s.data().mediaType());
        c.addRecord(s.toRecord(Synth.recordId(g.name(), i), main, new TreeMap<>()));
      }
    }
    return c.setMessage("synthetic: " + g.name() + " " + g.version() + ", seed " + seed + ", samples [" + from
        + ", " + to + ")").optProvenance(job.provenance()).commit();
  }

  @Property(tries = 10)
  void streamed_equalsCollected_forAnySeedRangeThreadsAndChunk(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1000) int from, @ForAll @IntRange(min = 0, max = 2500) int n,
      @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll @IntRange(min = 1, max = 200) int chunk)
      throws Exception {
    Generator g = new CountingGenerator(24, -1);
    Synth.CommitJob job = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore(), FIXED))
        .setSeed(seed).setRange(from, from + n).optThreads(threads).optChunk(chunk).optClock(FIXED)
        .optPackBytes(4096).build();
    DatasetVersion streamed = job.run();
    assertThat(streamed.id()).isEqualTo(collected(g, seed, from, from + n, job).id());
    assertThat(streamed.size()).isEqualTo(n);
    assertThat(Synth.CommitJob.maxChunksWaiting.get()).isLessThanOrEqualTo(4L * threads);
  }

  /**
   * A job onto a branch with a head holds the head's records with the job's records added or replacing them by
   * id (the records collecting and {@code addRecord} give), for any base, overlap, seed, thread count and chunk;
   * run again it returns that version and commits nothing, and on a second repository with the same base and
   * clock it gives the same version id.
   */
  @Property(tries = 10)
  void ontoAHead_holdsTheCollectedMerge_andIsIdempotent(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2000) int base, @ForAll @IntRange(min = 0, max = 2500) int from,
      @ForAll @IntRange(min = 0, max = 2000) int n, @ForAll @IntRange(min = 1, max = 3) int threads,
      @ForAll @IntRange(min = 1, max = 200) int chunk) throws Exception {
    Generator g = new CountingGenerator(24, -1);
    List<DatasetVersion> runs = new ArrayList<>();
    List<Repository> repos = new ArrayList<>();
    Synth.CommitJob job = null;
    for (int k = 0; k < 2; k++) {
      Repository repo = Repository.init(new InMemoryBlobStore(), FIXED);
      Synth.commit(g).setRepository(repo).setSeed(seed + 1).setRange(0, base).optClock(FIXED).build().run();
      job = Synth.commit(g).setRepository(repo).setSeed(seed).setRange(from, from + n).optThreads(threads)
          .optChunk(chunk).optClock(FIXED).optPackBytes(4096).build();
      runs.add(job.run());
      repos.add(repo);
    }
    DatasetVersion streamed = runs.get(0);
    // conservation: the base's indices and the job's, each record once
    long overlap = Math.max(0, Math.min(base, from + n) - from);
    assertThat(streamed.size()).isEqualTo(base + n - overlap);
    // what collecting the job's records onto the same base gives
    Repository inMemory = Repository.init(new InMemoryBlobStore(), FIXED);
    Synth.commit(g).setRepository(inMemory).setSeed(seed + 1).setRange(0, base).optClock(FIXED).build().run();
    assertThat(streamed.records()).isEqualTo(collected(inMemory, g, seed, from, from + n, job).records());
    // idempotent: the same job again keeps the head; two repositories agree on the id
    assertThat(job.run().id()).isEqualTo(runs.get(1).id());
    assertThat(repos.get(1).log("main")).hasSize(2);
    assertThat(runs.get(1).id()).isEqualTo(streamed.id());
  }

  /**
   * The same commits in a forked JVM with a 64 MiB heap: 30,000 samples with a 4 KiB attribute each (about 120
   * MiB of records if held) commit into a new branch, and 30,000 more commit onto that head (the base's 120 MiB
   * merged in); the same 30,000 records collected with {@code addRecord} run out of memory there, which shows the
   * heap limit bites.
   */
  @Test
  void aRangeLargerThanTheHeap_commitsWhenStreamed_alsoOntoAHead_andNotWhenCollected() throws Exception {
    Result streamed = fork("streaming");
    assertThat(streamed.exit).as(streamed.output).isZero();
    assertThat(streamed.output).contains("committed 30000");
    Result ontoHead = fork("onto-head");
    assertThat(ontoHead.exit).as(ontoHead.output).isZero();
    assertThat(ontoHead.output).contains("committed 30000").contains("committed 60000");
    Result collected = fork("collect");
    assertThat(collected.exit).as(collected.output).isNotZero();
    assertThat(collected.output).contains("OutOfMemoryError");
  }

  private record Result(int exit, String output) {}

  private Result fork(String mode) throws IOException, InterruptedException {
    Path out = tmp.resolve(mode + ".log");
    Path repo = Files.createDirectories(tmp.resolve(mode + "-repo"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-cp", System.getProperty("java.class.path"),
        BigCommit.class.getName(), mode, repo.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the forked commit (" + mode + ") did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

  /** The forked JVM's main: commits 30,000 samples of {@link BigLabels} in the given mode. */
  static final class BigCommit {
    private BigCommit() {}

    /**
     * Commits.
     *
     * @param args mode ({@code streaming}, {@code onto-head} or {@code collect}) and repository folder
     */
    public static void main(String[] args) throws Exception {
      Repository repo = Repository.init(
          dev.datamgmt.storage.fs.FileSystemBlobStore.builder().setRoot(Path.of(args[1])).build());
      Generator g = new BigLabels();
      if (args[0].equals("collect")) {
        CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH);
        try (PackWriter packs = repo.newPackWriter(1 << 20)) {
          for (long i = 0; i < 30_000; i++) {
            GeneratedSample s = Synth.sample(g, 1, i);
            c.addRecord(s.toRecord(Synth.recordId(g.name(), i), packs.put(s.data().bytes(), s.data().mediaType()),
                new TreeMap<>()));
          }
        }
        System.out.println("committed " + c.setMessage("collected").commit().size());
        return;
      }
      DatasetVersion v = Synth.commit(g).setRepository(repo).setSeed(1).setRange(0, 30_000)
          .optThreads(2).optPackBytes(1 << 20).build().run();
      System.out.println("committed " + v.size()); // the size only: decoding 30,000 records would not fit
      if (args[0].equals("onto-head")) {
        v = Synth.commit(g).setRepository(repo).setSeed(1).setRange(30_000, 60_000)
            .optThreads(2).optPackBytes(1 << 20).build().run();
        System.out.println("committed " + v.size());
      }
    }
  }

  /** A generator whose records are large (a 4 KiB attribute) and blobs small. */
  static final class BigLabels implements Generator {
    @Override
    public String name() {
      return "big";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public Object configuration() {
      return Map.of("attribute", 4096);
    }

    @Override
    public GeneratedSample generate(long index, SplittableRandom random) {
      byte[] text = new byte[4096];
      for (int i = 0; i < text.length; i++) {
        text[i] = (byte) ('a' + random.nextInt(26));
      }
      byte[] data = new byte[16];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) random.nextInt(256);
      }
      return GeneratedSample.builder().setData(data, "application/octet-stream").optLabel(ClassLabel.of(1))
          .addAttribute("text", new String(text, StandardCharsets.US_ASCII)).build();
    }
  }
}
