package dev.datamgmt.cli;

import dev.datamgmt.storage.ingest.DirectoryIngest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A server's warm-up: the commands it serves, run on a small generated folder in a temporary directory, so that
 * the JIT has compiled their code before the first request instead of during the user's first commands.
 * {@value #FIRST_COMMITS} first commits (hashing, packing, manifest writing: enough calls per file that the
 * per-file code reaches the optimizing compiler, as a first commit of a large folder would otherwise do while
 * the user waits), then rounds of a one-file change committed through a watch, a log and a diff. Everything it
 * creates is deleted afterwards.
 */
final class WarmUp {
  private WarmUp() {}

  /** Files of the generated folder, in 20 class folders, and how many one-file rounds follow the first commits. */
  static final int FILES = 2_000;
  static final int FIRST_COMMITS = 8;
  static final int ROUNDS = 30;

  /** Runs the warm-up; throws if a command fails (it never should). */
  static void run() throws IOException {
    Path dir = Files.createTempDirectory("datamgmt-warm-up");
    try (Resources session = new Resources(true)) {
      Path data = dir.resolve("data");
      Random random = new Random(20261121L);
      for (int i = 0; i < FILES; i++) {
        byte[] b = new byte[300 + random.nextInt(1700)];
        random.nextBytes(b);
        Files.write(Files.createDirectories(data.resolve("c" + i % 20)).resolve("f" + i + ".bin"), b);
      }
      byte[] big = new byte[2 << 20];
      for (int i = 0; i < 4; i++) {
        random.nextBytes(big);
        Files.write(data.resolve("c" + i + "/big.bin"), big);
      }
      for (int r = 0; r < FIRST_COMMITS; r++) {
        Files.deleteIfExists(data.resolve(DirectoryIngest.DEFAULT_STAT_CACHE));
        String repo = dir.resolve("repo-" + r).toString();
        run(session, dir, "init", repo);
        run(session, dir, "commit", repo, data.toString(), "-m", "warm-up");
      }
      String repo = dir.resolve("repo-0").toString();
      for (int r = 0; r < ROUNDS; r++) {
        Files.writeString(data.resolve("c1/f" + (20 * r + 1) + ".bin"), "warm-up round " + r);
        run(session, dir, "commit", repo, data.toString(), "-m", "round " + r);
        run(session, dir, "log", repo, "--oneline");
        run(session, dir, "diff", repo, "main~", "main");
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void run(Resources session, Path cwd, String... args) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    int status = Cli.run(List.of(args), cwd, sink, sink, session);
    if (status != Cli.OK) {
      throw new IllegalStateException("warm-up command failed with status " + status + ": " + String.join(" ", args));
    }
  }
}
