package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.Repository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan step of an ingest: turns the stored files into the commit's changes — every record again, or, when
 * the stat cache vouches for the base version, only the changed and removed ones (the commit then copies the
 * base's untouched manifest row groups) — and adds the ingest's lineage.
 */
final class CommitPlan {
  /** What the plan put into the commit. */
  record Counts(int fromCache, long bytesHashed) {}

  private final String rootName;
  private final LabelRule rule;

  /**
   * @param rootName the ingest root as recorded in the lineage (absolute, normalized)
   */
  CommitPlan(String rootName, LabelRule rule) {
    this.rootName = rootName;
    this.rule = rule;
  }

  /**
   * Whether this ingest may commit only its changes against the base: the stat cache was written by an ingest
   * of this folder with this label rule for exactly the base commit and holds an entry for every record of it
   * (so the files it does not list any more are the records to remove), and labels are a function of the path.
   */
  boolean changesOnly(CommitBuilder commit, StatCache cache) throws DataException {
    if (commit.base() == null || !commit.base().equals(cache.commit()) || !rule.labelsByPathAlone()) {
      return false;
    }
    Repository repo = commit.repository();
    Commit base = repo.readCommit(commit.base());
    return base.recordCount() == cache.paths().size()
        && rule.description().equals(base.lineage().get("ingest.labels"))
        && rootName.equals(base.lineage().get("ingest.root"));
  }

  /** Adds the records (or only the changes) and the lineage to {@code commit}. */
  Counts apply(CommitBuilder commit, List<HashedFile> stored, Labeling labels, DatasetSchema schema,
      boolean changesOnly, StatCache cache, int skipped) {
    if (schema != null) {
      commit.optSchema(schema);
    }
    Map<String, Integer> index = new HashMap<>();
    if (schema != null) {
      for (int i = 0; i < schema.classNames().size(); i++) {
        index.put(schema.classNames().get(i), i);
      }
    }
    if (changesOnly) {
      commit.clearChanges();
      Set<String> present = new HashSet<>(stored.size() * 2);
      stored.forEach(h -> present.add(h.file().id()));
      for (String id : cache.paths()) {
        if (!present.contains(id)) {
          commit.removeRecord(id);
        }
      }
    } else {
      commit.removeAllRecords();
    }
    long bytesHashed = 0;
    int fromCache = 0;
    for (HashedFile h : stored) {
      if (h.fromCache()) {
        fromCache++;
        if (changesOnly) {
          continue;
        }
      } else {
        bytesHashed += h.size();
      }
      String id = h.file().id();
      Record.Builder rb = Record.builder(id).setBlob(new BlobRef(h.hash(), h.size(), MediaTypes.guess(id)));
      if (schema != null) {
        rb.optLabel(ClassLabel.of(index.get(labels.classOf(id))));
      }
      commit.addRecord(rb.build());
      commit.addStoredBlob(h.hash());
    }
    commit.addLineage("ingest.root", rootName);
    commit.addLineage("ingest.labels", rule.description());
    commit.addLineage("ingest.files", Integer.toString(stored.size()));
    if (skipped > 0) {
      commit.addLineage("ingest.skipped", Integer.toString(skipped));
    }
    return new Counts(fromCache, bytesHashed);
  }
}
