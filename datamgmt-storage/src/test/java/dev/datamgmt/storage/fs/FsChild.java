package dev.datamgmt.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.datamgmt.core.blob.BlobStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other process in {@link FileSystemCrashAndRaceTest}. Modes:
 *
 * <ul>
 *   <li>{@code write-forever <root> <key>}: puts an endless stream under key; prints {@code WRITING} once
 *       bytes flow. The test kills it.
 *   <li>{@code race <root> <rounds> <threads> <name> <goFile>}: waits for goFile, then for each round its
 *       threads race {@code putIfAbsent("race/<round>")}; prints {@code WON <round> <payload>} per win.
 *   <li>{@code append <root> <entries> <threads> <name> <goFile>}: each thread appends entries to the log
 *       {@code log/<seq>} by create-if-absent on the next free sequence number, retrying on loss.
 * </ul>
 */
public final class FsChild {
  private FsChild() {}

  public static void main(String[] args) throws Exception {
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(Path.of(args[1])).build()) {
      switch (args[0]) {
        case "write-forever" -> writeForever(store, args[2]);
        case "race" -> race(store, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], Path.of(args[5]));
        case "append" -> append(store, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], Path.of(args[5]));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }

  private static void writeForever(BlobStore store, String key) throws Exception {
    InputStream endless = new InputStream() {
      long produced;

      @Override
      public int read() {
        produced++;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        produced += len;
        if (produced > 4L << 20 && produced - len <= 4L << 20) {
          System.out.println("WRITING");
          System.out.flush();
        }
        if (produced > 8L << 20) {
          try {
            Thread.sleep(5); // keep the write going until the parent kills us, without filling the disk
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return len;
      }
    };
    store.put(key, endless, -1);
  }

  private static void awaitGo(Path goFile) throws InterruptedException {
    System.out.println("READY");
    System.out.flush();
    while (!Files.exists(goFile)) {
      Thread.sleep(1);
    }
  }

  private static void race(BlobStore store, int rounds, int threads, String name, Path goFile) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      awaitGo(goFile);
      for (int round = 0; round < rounds; round++) {
        String key = "race/" + round;
        List<Future<String>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String payload = name + "-" + t;
          fs.add(pool.submit(() -> store.putIfAbsent(key, payload.getBytes(UTF_8)) ? payload : null));
        }
        for (Future<String> f : fs) {
          String won = f.get();
          if (won != null) {
            System.out.println("WON " + key + " " + won);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void append(BlobStore store, int entries, int threads, String name, Path goFile) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      awaitGo(goFile);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = name + "-" + t;
        fs.add(pool.submit(() -> {
          int seq = 0;
          for (int i = 0; i < entries; i++) {
            byte[] entry = (writer + "#" + i).getBytes(UTF_8);
            // The ref-log pattern: claim the next free slot; on loss, move on to the following slot.
            while (!store.putIfAbsent(String.format("log/%08d", seq), entry)) {
              seq++;
            }
            seq++;
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
