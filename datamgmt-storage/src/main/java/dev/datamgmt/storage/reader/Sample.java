package dev.datamgmt.storage.reader;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.record.Record;

/**
 * One record as a reader delivers it: its main blob's bytes, its class index, and where it came from.
 *
 * <p>{@link #index()} is the record's stable position in the shard set (the same in every epoch, for every
 * partition), which is what per-sample randomness such as augmentation parameters should be derived from.
 */
public final class Sample {
  private final long index;
  private final long position;
  private final String id;
  private final String split;
  private final int classIndex;
  private final byte[] data;
  private final String mediaType;
  private final String shard;
  private final int row;
  private final String labelJson;
  private final String recordJson;

  Sample(long index, long position, String id, String split, int classIndex, byte[] data, String mediaType,
      String shard, int row, String labelJson, String recordJson) {
    this.index = index;
    this.position = position;
    this.id = id;
    this.split = split;
    this.classIndex = classIndex;
    this.data = data;
    this.mediaType = mediaType;
    this.shard = shard;
    this.row = row;
    this.labelJson = labelJson;
    this.recordJson = recordJson;
  }

  /** Stable dataset index: the record's position in the shard set, independent of epoch and partition. */
  public long index() {
    return index;
  }

  /** Position in this epoch's sequence (stream) or in the filtered dataset (random access). */
  public long position() {
    return position;
  }

  /** Record id. */
  public String id() {
    return id;
  }

  /** Split name. */
  public String split() {
    return split;
  }

  /** Class index of a class label, or -1. */
  public int classIndex() {
    return classIndex;
  }

  /** The main blob's bytes (not a copy; do not modify), or null if the record has no main blob. */
  public byte[] data() {
    return data;
  }

  /** The main blob's media type, or null. */
  public String mediaType() {
    return mediaType;
  }

  /** Key of the shard the sample came from. */
  public String shard() {
    return shard;
  }

  /** Row within that shard. */
  public int row() {
    return row;
  }

  /** "shards/….parquet, record &lt;id&gt;": where to look when this sample is bad. */
  public String location() {
    return shard + ", record " + id;
  }

  /**
   * The label, parsed; null if unlabeled.
   *
   * @throws IllegalStateException if the reader was not configured to load labels
   * @throws InvalidDataException naming shard and record if the stored label does not parse
   */
  public Label label() throws DataException {
    if (labelJson == null && recordJson == null) {
      if (classIndex >= 0) {
        return dev.datamgmt.core.label.ClassLabel.of(classIndex);
      }
      return null;
    }
    if (labelJson != null) {
      try {
        return Json.read(labelJson, Label.class, location());
      } catch (DataException e) {
        throw new InvalidDataException("unreadable label", location(), "a label object", labelJson, e);
      }
    }
    return record().label().orElse(null);
  }

  /**
   * The whole record.
   *
   * @throws IllegalStateException if the reader was not configured to load records
   */
  public Record record() throws DataException {
    if (recordJson == null) {
      throw new IllegalStateException("records were not loaded; build the reader with optLoadRecords(true)");
    }
    return Json.read(recordJson, Record.class, location());
  }

  @Override
  public String toString() {
    return "Sample{index=" + index + ", id=" + id + ", class=" + classIndex + ", shard=" + shard + "}";
  }
}
