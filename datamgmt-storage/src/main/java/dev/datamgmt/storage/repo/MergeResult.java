package dev.datamgmt.storage.repo;

import dev.datamgmt.core.record.Record;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Repository#merge} did. When {@link #conflicts()} is non-empty nothing was committed and the
 * target branch did not move; each conflict names one record changed differently on both sides.
 *
 * @param outcome what happened
 * @param version the target branch's new head (or its unchanged head when up to date); empty on conflicts
 * @param conflicts records changed differently on both sides, in ascending id order
 */
public record MergeResult(Outcome outcome, Optional<DatasetVersion> version, List<Conflict> conflicts) {
  /** Copies the list. */
  public MergeResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(version, "version");
    conflicts = List.copyOf(conflicts);
  }

  /** The kinds of merge outcome. */
  public enum Outcome {
    /** The source was already part of the target's history; nothing changed. */
    UP_TO_DATE,
    /** The target was an ancestor of the source; the branch now points at the source commit. */
    FAST_FORWARD,
    /** A merge commit with two parents was created. */
    MERGED,
    /** Both sides changed some records differently; nothing was committed. */
    CONFLICTS
  }

  /**
   * One record both sides changed differently since their merge base. A null record means "absent" (not in
   * the base, or removed on that side).
   *
   * @param id the record id
   * @param base the record in the merge base, or null
   * @param ours the record on the target branch, or null
   * @param theirs the record on the source, or null
   */
  public record Conflict(String id, Record base, Record ours, Record theirs) {
    /** Rejects a null id. */
    public Conflict {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Whether the merge took effect (or there was nothing to do). */
  public boolean isSuccess() {
    return outcome != Outcome.CONFLICTS;
  }
}
