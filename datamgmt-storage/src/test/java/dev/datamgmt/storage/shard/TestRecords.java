package dev.datamgmt.storage.shard;

import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small in-memory datasets for shard and reader tests: records plus a {@link BlobSource} holding their bytes. */
public final class TestRecords implements BlobSource {
  private final Map<ContentHash, byte[]> blobs = new HashMap<>();
  private final List<Record> records = new ArrayList<>();

  /**
   * {@code n} records {@code r-00000...}, class {@code i % classes}, every fifth one in the test split, each with
   * a data blob of 20..60 pseudo-random bytes (derived from {@code seed}) whose first 4 bytes encode {@code i}.
   */
  public static TestRecords of(int n, int classes, long seed) {
    TestRecords t = new TestRecords();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[20 + rnd.nextInt(41)];
      rnd.nextBytes(data);
      data[0] = (byte) (i >>> 24);
      data[1] = (byte) (i >>> 16);
      data[2] = (byte) (i >>> 8);
      data[3] = (byte) i;
      t.add(Record.builder(String.format("r-%05d", i))
          .optLabel(ClassLabel.of(i % classes))
          .optSplit(i % 5 == 4 ? Split.TEST : Split.TRAIN)
          .addAttribute("parity", (long) (i % 2))
          .setBlob(BlobRef.of(data, "application/octet-stream"))
          .build(), data);
    }
    return t;
  }

  /** Adds a record whose main blob has the given bytes. */
  public void add(Record r, byte[] data) {
    records.add(r);
    if (data != null) {
      blobs.put(ContentHash.of(data), data);
    }
  }

  /** The records, in insertion order. */
  public List<Record> records() {
    return records;
  }

  /** The number encoded in the first four bytes of a data blob by {@link #of}. */
  public static int number(byte[] data) {
    return (data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | (data[3] & 0xff);
  }

  @Override
  public byte[] read(BlobRef ref) throws NotFoundException {
    byte[] b = blobs.get(ref.hash());
    if (b == null) {
      throw new NotFoundException("no such blob", ref.hash().toString(), "a stored blob", "none");
    }
    return b;
  }
}
