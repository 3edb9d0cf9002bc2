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
 * The commit of a range into a new branch streams: records go into the manifest in id order as chunks complete,
 * so memory does not grow with the range, and the version is exactly the one collecting the records gives.
 */
class SynthStreamingTest {
  private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  /** The version the same samples give when every record is collected first and committed with addRecord. */
  private static DatasetVersion collected(Generator g, long seed, long from, long to, Synth.CommitJob job)
      throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore(), FIXED);
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
   * The same commit in a forked JVM with a 64 MiB heap: 30,000 samples with a 4 KiB attribute each (about 120
   * MiB of records if held) commit when streamed, and run out of memory when the job has to collect them (a
   * branch with a head takes the collecting path), which shows the heap limit bites.
   */
  @Test
  void aRangeLargerThanTheHeap_commitsWhenStreamed_andNotWhenCollected() throws Exception {
    Result streamed = fork("streaming");
    assertThat(streamed.exit).as(streamed.output).isZero();
    assertThat(streamed.output).contains("committed 30000");
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
     * @param args mode ({@code streaming} or {@code collect}) and repository folder
     */
    public static void main(String[] args) throws Exception {
      Repository repo = Repository.init(
          dev.datamgmt.storage.fs.FileSystemBlobStore.builder().setRoot(Path.of(args[1])).build());
      if (args[0].equals("collect")) {
        repo.commit(Repository.DEFAULT_BRANCH).addRecord(dev.datamgmt.core.record.Record.builder("a").build())
            .setMessage("a head, so the job collects").commit();
      }
      DatasetVersion v = Synth.commit(new BigLabels()).setRepository(repo).setSeed(1).setRange(0, 30_000)
          .optThreads(2).optPackBytes(1 << 20).build().run();
      System.out.println("committed " + v.size()); // the size only: decoding 30,000 records would not fit
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
