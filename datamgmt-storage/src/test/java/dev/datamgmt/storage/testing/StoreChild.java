package dev.datamgmt.storage.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.testing.S3Server;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other process in crash and cross-process tests, run through {@link ChildJvm}. The first argument names
 * the store ({@link #fsSpec} or {@link #s3Spec}); then a mode:
 *
 * <ul>
 *   <li>{@code write-forever <key>}: puts an endless stream under key; prints {@code WRITING} once more than
 *       the multipart threshold has been handed over. The test kills it.
 *   <li>{@code race <rounds> <threads> <name> <goFile>}: waits for goFile, then for each round its threads race
 *       {@code putIfAbsent("race/<round>")}; prints {@code WON race/<round> <payload>} per win.
 *   <li>{@code append <entries> <threads> <name> <goFile>}: each thread appends entries to the log
 *       {@code log/<seq>} by create-if-absent on the next free sequence number, moving on when it loses.
 *   <li>{@code exercise}: a put and get of 6 MiB (prints {@code OK}), then a put with a wrong secret key whose
 *       exception is printed with its stack trace: material for checking logs and messages for leaks.
 * </ul>
 */
public final class StoreChild {
  private StoreChild() {}

  /** The spec of a filesystem store at {@code root}. */
  public static String fsSpec(Path root) {
    return "fs|" + root;
  }

  /** The spec of an S3 store on {@code server} under {@code prefix}. */
  public static String s3Spec(S3Server server, String prefix) {
    return String.join("|", "s3", server.endpoint().toString(), server.bucket(), prefix, server.accessKey(), server.secretKey());
  }

  static BlobStore open(String spec) throws Exception {
    String[] p = spec.split("\\|");
    if (p[0].equals("fs")) {
      return FileSystemBlobStore.builder().setRoot(Path.of(p[1])).build();
    }
    return S3BlobStore.builder().optEndpoint(URI.create(p[1])).optPathStyle(true).setBucket(p[2]).optPrefix(p[3])
        .optCredentials(p[4], p[5]).optPartSize(5 << 20).optMultipartThreshold(5 << 20).build();
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    try (BlobStore store = open(args[0])) {
      switch (args[1]) {
        case "write-forever" -> writeForever(store, args[2]);
        case "race" -> race(store, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], Path.of(args[5]));
        case "append" -> append(store, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], Path.of(args[5]));
        case "exercise" -> exercise(store, args[0]);
        default -> throw new IllegalArgumentException("unknown mode " + args[1]);
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }

  private static void writeForever(BlobStore store, String key) throws Exception {
    long announceAt = 12L << 20;
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
        if (produced > announceAt && produced - len <= announceAt) {
          System.out.println("WRITING");
          System.out.flush();
        }
        if (produced > announceAt) {
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

  private static void exercise(BlobStore store, String spec) throws Exception {
    byte[] data = new byte[6 << 20];
    new java.util.Random(1).nextBytes(data);
    store.put("exercise/object", data);
    System.out.println(java.util.Arrays.equals(store.get("exercise/object"), data) ? "OK" : "MISMATCH");
    String[] p = spec.split("\\|");
    p[5] = p[5] + "-wrong";
    try (BlobStore wrong = open(String.join("|", p))) {
      System.out.println("store: " + wrong + " / " + wrong.describe());
      wrong.put("exercise/denied", new byte[10]);
      System.out.println("UNEXPECTED SUCCESS");
    } catch (Exception e) {
      System.out.println("FAILED AS EXPECTED: " + e.getMessage());
      e.printStackTrace(System.out);
    }
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
