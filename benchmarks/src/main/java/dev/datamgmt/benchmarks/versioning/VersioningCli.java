package dev.datamgmt.benchmarks.versioning;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.ingest.DirectoryIngest;
import dev.datamgmt.storage.ingest.IngestResult;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.s3.S3BlobStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The process the versioning benchmark times, one operation per run, like a user's command line:
 *
 * <pre>
 * VersioningCli commit &lt;store&gt; &lt;corpus dir&gt; &lt;message&gt;   ingest the corpus into branch main
 * VersioningCli diff   &lt;store&gt; &lt;rev a&gt; &lt;rev b&gt;          log of b, and diff a..b
 * VersioningCli train  &lt;store&gt; &lt;corpus dir&gt;             both, once (to record an AppCDS archive)
 * </pre>
 *
 * {@code <store>} is {@code file:<dir>} (library defaults, fsync on), {@code file-nofsync:<dir>} or {@code s3:<endpoint>,<bucket>,<prefix>,<access key>,<secret key>}.
 * Prints {@code RESULT ...} lines with in-process times, so the benchmark can separate JVM start-up from work.
 */
public final class VersioningCli {
  private VersioningCli() {}

  /**
   * JIT settings for a short-lived command-line process, as a tool built on the library would put in its
   * launcher: C2 compilations are deferred (a process of a few seconds spent most of its CPU compiling with C2,
   * 4.7 of 6.9 CPU-seconds in a first commit), except for the JDK's SHA-256, whose C2 intrinsic (SHA-NI) hashes
   * ten times faster than C1 code; everything else runs C1-compiled.
   */
  public static final List<String> CLI_JIT_FLAGS = List.of(
      "-XX:Tier4InvocationThreshold=200000", "-XX:Tier4MinInvocationThreshold=200000",
      "-XX:Tier4CompileThreshold=400000", "-XX:Tier4BackEdgeThreshold=40000000",
      "-XX:CompileCommand=quiet", "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.0005");

  static BlobStore open(String spec) throws Exception {
    if (spec.startsWith("file:")) {
      return FileSystemBlobStore.builder().setRoot(Path.of(spec.substring(5))).build();
    }
    if (spec.startsWith("file-nofsync:")) {
      return FileSystemBlobStore.builder().setRoot(Path.of(spec.substring(13))).optFsync(false).build();
    }
    if (spec.startsWith("s3:")) {
      String[] p = spec.substring(3).split(",", -1);
      return S3BlobStore.builder().setBucket(p[1]).optPrefix(p[2]).optEndpoint(URI.create(p[0])).optPathStyle(true)
          .optCredentials(p[3], p[4]).build();
    }
    throw new IllegalArgumentException("store must be file:<dir> or s3:<endpoint>,<bucket>,<prefix>,<ak>,<sk>: " + spec);
  }

  /** Runs one operation; see the class comment. */
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (BlobStore store = open(args[1])) {
      Repository repo = Repository.init(store);
      switch (args[0]) {
        case "commit" -> {
          IngestResult r = DirectoryIngest.builder().setRoot(Path.of(args[2])).build()
              .commit(repo.commit("main").setMessage(args[3]).optAuthor("bench"));
          System.out.printf("RESULT commit ms=%.1f records=%d hashed=%d cached=%d bytes=%d id=%s%n",
              (System.nanoTime() - t0) / 1e6, r.version().size(), r.filesHashed(), r.filesFromCache(),
              r.bytesHashed(), r.version().id().hex());
        }
        case "diff" -> {
          List<Commit> log = repo.log(args[3]);
          Diff d = repo.diff(args[2], args[3]);
          System.out.printf("RESULT diff ms=%.1f log=%d added=%d removed=%d changed=%d records=%d%n",
              (System.nanoTime() - t0) / 1e6, log.size(), d.added().size(), d.removed().size(), d.changed().size(),
              log.get(0).recordCount());
        }
        case "train" -> {
          // everything the timed operations do, in one process, for an AppCDS class list
          for (String m : new String[] {"one", "two"}) {
            DirectoryIngest.builder().setRoot(Path.of(args[2])).build().commit(repo.commit("main").setMessage(m));
          }
          repo.log("main");
          System.out.println("RESULT train changed=" + repo.diff("main~", "main").changed().size());
        }
        default -> throw new IllegalArgumentException("unknown operation " + args[0]);
      }
    }
  }
}
