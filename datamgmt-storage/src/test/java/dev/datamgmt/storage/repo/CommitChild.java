package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import java.nio.file.Path;

/**
 * Child-JVM main for crash tests. {@code pause <root> <before|after> <key prefix>}: commits 5 new records to
 * {@code main} through a {@link PausingStore} that blocks at the first write to the prefix ({@code pause-packed}:
 * the same with the blobs in a pack). {@code loop
 * <root>}: commits forever, printing {@code COMMITTED <n>} after each, for kills at arbitrary moments. {@code race
 * <root> <name> <n> <go file>}: after the go file appears, commits n records, retrying each on conflict.
 */
public final class CommitChild {
  private CommitChild() {}

  /**
   * Where the repository is: a folder, or {@code s3jdbc|<endpoint>|<bucket>|<prefix>|<access key>|<secret>|<jdbc
   * url>} for an S3 prefix whose refs live in a database ({@link #s3JdbcSpec}).
   */
  static BlobStore store(String where) throws Exception {
    if (where.startsWith("s3jdbc|")) {
      String[] p = where.split("\\|");
      return dev.datamgmt.storage.s3.S3BlobStore.builder().optEndpoint(java.net.URI.create(p[1])).optPathStyle(true)
          .setBucket(p[2]).optPrefix(p[3]).optCredentials(p[4], p[5]).build();
    }
    return FileSystemBlobStore.builder().setRoot(Path.of(where)).build();
  }

  static Repository open(BlobStore store, String where) throws Exception {
    if (where.startsWith("s3jdbc|")) {
      return Repository.open(store, JdbcRefStore.builder().setUrl(where.substring(where.lastIndexOf('|') + 1)).build());
    }
    return Repository.open(store);
  }

  /** The spec of an S3 prefix on {@code s3} with refs in the database at {@code jdbcUrl}. */
  static String s3JdbcSpec(dev.datamgmt.testing.S3TestServer s3, String prefix, String jdbcUrl) {
    return String.join("|", "s3jdbc", s3.endpoint().toString(), s3.bucket(), prefix, s3.accessKey(), s3.secretKey(),
        jdbcUrl);
  }

  public static void main(String[] args) throws Exception {
    try (BlobStore fs = store(args[1])) {
      if (args[0].equals("pause") || args[0].equals("pause-packed")) {
        BlobStore store = new PausingStore(fs, args[3], args[2].equals("before"));
        Repository repo = open(store, args[1]);
        CommitBuilder b = repo.commit("main").setMessage("doomed");
        if (args[0].equals("pause-packed")) { // the blobs go into a pack (pack, then index) before the commit
          try (dev.datamgmt.storage.repo.PackWriter packs = repo.newPackWriter()) {
            for (int i = 0; i < 5; i++) {
              b.addRecord(Record.builder("new-" + i).setBlob(packs.put(("payload " + i).getBytes(UTF_8), "text/plain"))
                  .optLabel(ClassLabel.of(1)).build());
            }
          }
        }
        for (int i = 0; i < 5 && args[0].equals("pause"); i++) {
          b.addRecord(Record.builder("new-" + i).setBlob(b.putBlob(("payload " + i).getBytes(UTF_8), "text/plain"))
              .optLabel(ClassLabel.of(1)).build());
        }
        System.out.println("COMMITTING");
        b.commit();
        System.out.println("DONE");
      } else if (args[0].equals("race")) {
        // race <root> <name> <commits> <go file>: commit records <name>-0..n-1, retrying on conflict
        Repository repo = open(fs, args[1]);
        String name = args[2];
        int n = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        System.out.println("READY");
        while (!java.nio.file.Files.exists(go)) {
          Thread.sleep(1);
        }
        int conflicts = 0;
        for (int i = 0; i < n; i++) {
          while (true) {
            CommitBuilder b = repo.commit("main").setMessage(name + " " + i);
            b.addRecord(Record.builder(name + "-" + i)
                .setBlob(b.putBlob((name + " payload " + i).getBytes(UTF_8), "text/plain")).build());
            try {
              b.commit();
              break;
            } catch (dev.datamgmt.core.error.ConflictException e) {
              conflicts++;
            }
          }
        }
        System.out.println("CONFLICTS " + conflicts);
      } else {
        Repository repo = open(fs, args[1]);
        for (int n = 0; ; n++) {
          CommitBuilder b = repo.commit("main").setMessage("loop " + n);
          byte[] big = new byte[64 * 1024];
          new java.util.Random(n).nextBytes(big);
          b.addRecord(Record.builder("loop-" + n).setBlob(b.putBlob(big, "application/octet-stream")).build());
          b.commit();
          System.out.println("COMMITTED " + n);
        }
      }
    }
  }
}
