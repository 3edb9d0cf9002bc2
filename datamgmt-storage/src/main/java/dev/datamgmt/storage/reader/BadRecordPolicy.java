package dev.datamgmt.storage.reader;

/** What a reader does with a corrupt shard, a missing or mismatching blob, an undecodable image or a wrong label. */
public enum BadRecordPolicy {
  /** Stop with a {@link dev.datamgmt.core.error.DataException} naming the shard and record (the default). */
  FAIL,
  /** Leave the record out, count it in the {@link BadRecordReport} and go on; never silently. */
  SKIP_AND_REPORT
}
