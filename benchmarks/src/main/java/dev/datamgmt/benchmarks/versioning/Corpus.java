package dev.datamgmt.benchmarks.versioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark corpus, generated deterministically from a seed: {@code small} files of 300–2,000 random bytes
 * in 100 folders ({@code c00..c99}) plus {@code big} files of 4 MiB in {@code big/}. File {@code i}'s bytes come
 * from {@code SplittableRandom(seed).split()} taken i times, so they do not depend on generation order.
 */
final class Corpus {
  static final int BIG_SIZE = 4 << 20;

  private Corpus() {}

  static String smallPath(int i) {
    return String.format("c%02d/f%05d.bin", i % 100, i);
  }

  static String bigPath(int i) {
    return String.format("big/b%02d.bin", i);
  }

  /** Writes the corpus under {@code root} (which must not exist yet) and returns its total size in bytes. */
  static long generate(Path root, int small, int big, long seed) throws IOException {
    long total = 0;
    SplittableRandom master = new SplittableRandom(seed);
    for (int i = 0; i < small; i++) {
      SplittableRandom r = master.split();
      byte[] b = new byte[300 + r.nextInt(1701)];
      r.nextBytes(b);
      Path p = root.resolve(smallPath(i));
      Files.createDirectories(p.getParent());
      Files.write(p, b);
      total += b.length;
    }
    for (int i = 0; i < big; i++) {
      SplittableRandom r = master.split();
      byte[] b = new byte[BIG_SIZE];
      r.nextBytes(b);
      Path p = root.resolve(bigPath(i));
      Files.createDirectories(p.getParent());
      Files.write(p, b);
      total += b.length;
    }
    return total;
  }
}
