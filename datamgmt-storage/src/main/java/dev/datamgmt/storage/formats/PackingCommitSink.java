package dev.datamgmt.storage.formats;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.PackWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RecordSink#into}: small blobs go into packs through one {@link PackWriter}, larger ones are stored as
 * objects; records go into the commit at once. Blobs are declared stored to the commit only after their pack is
 * written, so a commit made before {@link #flush()} checks them and fails rather than reference a missing blob.
 */
final class PackingCommitSink implements RecordSink {
  private final CommitBuilder commit;
  private final long packThreshold;
  private PackWriter packs;
  private final List<ContentHash> buffered = new ArrayList<>();

  PackingCommitSink(CommitBuilder commit, long packThreshold) {
    this.commit = commit;
    this.packThreshold = packThreshold;
  }

  @Override
  public void add(Record record, byte[] data) throws DataException {
    if (data != null) {
      BlobRef blob = record.blob().orElseThrow(
          () -> new IllegalArgumentException("record " + record.id() + " has data but no blob reference"));
      if (data.length <= packThreshold) {
        if (packs == null) {
          packs = commit.repository().newPackWriter();
        }
        // the importer hashed the bytes for the record's reference; every read verifies them
        packs.put(blob.hash(), data);
        buffered.add(blob.hash());
      } else {
        checkSame(record, blob, commit.putBlob(data, blob.mediaType()));
      }
    }
    commit.addRecord(record);
  }

  private static void checkSame(Record record, BlobRef declared, BlobRef stored) {
    if (!declared.hash().equals(stored.hash())) {
      throw new IllegalArgumentException("record " + record.id() + ": the data does not match its blob reference: "
          + "expected " + declared.hash() + ", found " + stored.hash());
    }
  }

  @Override
  public void flush() throws DataException {
    if (packs != null) {
      packs.flush();
    }
    for (ContentHash h : buffered) {
      commit.addStoredBlob(h);
    }
    buffered.clear();
  }
}
