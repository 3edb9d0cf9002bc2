package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Three-way, record-level merge. */
final class Merger {
  private Merger() {}

  /** A side's outcome for one record: the new record, or null for "removed". */
  private static Map<String, Record> changes(Diff d) {
    Map<String, Record> m = new HashMap<>();
    d.added().forEach(r -> m.put(r.id(), r));
    d.changed().forEach(c -> m.put(c.id(), c.after()));
    d.removed().forEach(r -> m.put(r.id(), null));
    return m;
  }

  static MergeResult merge(Repository repo, String source, String targetBranch, String message)
      throws DataException {
    Objects.requireNonNull(message, "message");
    RefStore.checkName(RefStore.Kind.BRANCH, targetBranch);
    RefStore.Entry oursEntry = repo.refs.head(RefStore.Kind.BRANCH, targetBranch).orElseThrow(() ->
        new NotFoundException("unknown branch", RefStore.logPrefix(RefStore.Kind.BRANCH, targetBranch),
            "an existing branch to merge into", "none"));
    ContentHash ours = oursEntry.commit();
    ContentHash theirs = repo.resolve(source);
    Set<ContentHash> oursAncestors = repo.ancestors(ours);
    if (oursAncestors.contains(theirs)) {
      return new MergeResult(MergeResult.Outcome.UP_TO_DATE, Optional.of(repo.checkout(ours)), List.of());
    }
    Set<ContentHash> theirsAncestors = repo.ancestors(theirs);
    if (theirsAncestors.contains(ours)) {
      java.time.Instant now = repo.clock().instant();
      if (!repo.refs.append(RefStore.Kind.BRANCH, targetBranch, oursEntry.seq() + 1, theirs, now)) {
        throw new ConflictException("branch moved concurrently",
            repo.refs.location(RefStore.Kind.BRANCH, targetBranch, oursEntry.seq() + 1), "head " + ours,
            "a newer entry");
      }
      return new MergeResult(MergeResult.Outcome.FAST_FORWARD, Optional.of(repo.checkout(theirs)), List.of());
    }
    ContentHash base = mergeBase(repo, oursAncestors, theirs);
    // with a base, each side's changes come from a diff that decodes only the row groups the side rewrote;
    // unrelated histories compare all records
    Map<String, Record> oursChanges = changes(base == null
        ? Diff.between(List.of(), repo.checkout(ours).records()) : repo.diff(base, ours));
    Map<String, Record> theirsChanges = changes(base == null
        ? Diff.between(List.of(), repo.checkout(theirs).records()) : repo.diff(base, theirs));

    DatasetSchema baseS = base == null ? null : repo.readCommit(base).schema().orElse(null);
    DatasetSchema oursS = repo.readCommit(ours).schema().orElse(null);
    DatasetSchema theirsS = repo.readCommit(theirs).schema().orElse(null);
    DatasetSchema mergedS;
    if (Objects.equals(oursS, theirsS) || Objects.equals(theirsS, baseS)) {
      mergedS = oursS;
    } else if (Objects.equals(oursS, baseS)) {
      mergedS = theirsS;
    } else {
      throw new ConflictException("schema changed differently on both sides",
          "merge of " + source + " into " + targetBranch, "one side's schema " + oursS, "also " + theirsS);
    }

    List<MergeResult.Conflict> conflicts = new ArrayList<>();
    TreeSet<String> both = new TreeSet<>(oursChanges.keySet());
    both.retainAll(theirsChanges.keySet());
    DatasetVersion baseV = null; // checked out only to report conflicts
    for (String id : both) {
      Record o = oursChanges.get(id);
      Record t = theirsChanges.get(id);
      if (!Objects.equals(o, t)) {
        if (baseV == null && base != null) {
          baseV = repo.checkout(base);
        }
        conflicts.add(new MergeResult.Conflict(id, baseV == null ? null : baseV.record(id).orElse(null), o, t));
      }
    }
    if (!conflicts.isEmpty()) {
      return new MergeResult(MergeResult.Outcome.CONFLICTS, Optional.empty(), conflicts);
    }
    CommitBuilder b = new CommitBuilder(repo, targetBranch, oursEntry).setMessage(message).optSchema(mergedS)
        .addParent(theirs).addLineage("merge.source", source).addLineage("merge.base", String.valueOf(base));
    for (Map.Entry<String, Record> e : theirsChanges.entrySet()) {
      if (e.getValue() == null) {
        b.removeRecord(e.getKey());
      } else {
        b.addRecord(e.getValue());
      }
    }
    // the source's records are in the repository already: their blobs need no existence check
    for (Record r : theirsChanges.values()) {
      if (r != null) {
        ManifestVersion.blobsOf(r).forEach(x -> b.addStoredBlob(x.hash()));
      }
    }
    return new MergeResult(MergeResult.Outcome.MERGED, Optional.of(b.commit()), List.of());
  }

  /**
   * The best common ancestor: among the common ancestors reached from {@code theirs} (without walking past one),
   * the newest; null if the histories are unrelated.
   */
  static ContentHash mergeBase(Repository repo, Set<ContentHash> oursAncestors, ContentHash theirs)
      throws DataException {
    List<Commit> candidates = new ArrayList<>();
    Set<ContentHash> seen = new HashSet<>();
    ArrayDeque<ContentHash> todo = new ArrayDeque<>();
    todo.add(theirs);
    seen.add(theirs);
    while (!todo.isEmpty()) {
      ContentHash c = todo.poll();
      if (oursAncestors.contains(c)) {
        candidates.add(repo.readCommit(c));
        continue;
      }
      for (ContentHash p : repo.readCommit(c).parents()) {
        if (seen.add(p)) {
          todo.add(p);
        }
      }
    }
    return candidates.stream().max(Comparator.comparing(Commit::time).thenComparing(Commit::id))
        .map(Commit::id).orElse(null);
  }
}
