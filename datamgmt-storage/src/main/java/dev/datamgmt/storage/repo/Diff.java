package dev.datamgmt.storage.repo;

import dev.datamgmt.core.record.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The record-level differences from one version to another: records added, removed and changed (with label
 * changes singled out). Lists are in ascending id order.
 *
 * @param added records only in the newer version
 * @param removed records only in the older version
 * @param changed records in both whose content differs
 */
public record Diff(List<Record> added, List<Record> removed, List<Change> changed) {
  /** Copies the lists. */
  public Diff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /**
   * One record that differs between the versions.
   *
   * @param before the record in the older version
   * @param after the record in the newer version
   */
  public record Change(Record before, Record after) {
    /** Rejects nulls and mismatched ids. */
    public Change {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      if (!before.id().equals(after.id())) {
        throw new IllegalArgumentException("change must keep the id: " + before.id() + " -> " + after.id());
      }
    }

    /** The record id. */
    public String id() {
      return after.id();
    }

    /** Whether the label differs (added, removed or changed). */
    public boolean labelChanged() {
      return !before.label().equals(after.label());
    }

    /** Whether any blob reference differs. */
    public boolean blobsChanged() {
      return !before.blobs().equals(after.blobs());
    }
  }

  /**
   * The differences between two versions, computed by one merge pass over their sorted records. Only records
   * whose stored form differs are decoded.
   */
  public static Diff between(DatasetVersion from, DatasetVersion to) {
    if (from instanceof ManifestVersion a && to instanceof ManifestVersion b) {
      return between(a, b);
    }
    return between(from.records(), to.records());
  }

  private static Diff between(ManifestVersion from, ManifestVersion to) {
    List<ManifestRow> fr = from.rows();
    List<ManifestRow> tr = to.rows();
    List<Record> added = new ArrayList<>();
    List<Record> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < fr.size() || j < tr.size()) {
      int c = j == tr.size() ? -1 : i == fr.size() ? 1 : fr.get(i).id().compareTo(tr.get(j).id());
      if (c < 0) {
        removed.add(from.get(i++));
      } else if (c > 0) {
        added.add(to.get(j++));
      } else {
        if (!fr.get(i).sameText(tr.get(j))) {
          Record a = from.get(i);
          Record b = to.get(j);
          if (!a.equals(b)) {
            changed.add(new Change(a, b));
          }
        }
        i++;
        j++;
      }
    }
    return new Diff(added, removed, changed);
  }

  /** The differences between two record lists sorted by id without duplicates. */
  public static Diff between(List<Record> from, List<Record> to) {
    List<Record> added = new ArrayList<>();
    List<Record> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < from.size() || j < to.size()) {
      if (j == to.size()) {
        removed.add(from.get(i++));
      } else if (i == from.size()) {
        added.add(to.get(j++));
      } else {
        Record a = from.get(i);
        Record b = to.get(j);
        int c = a.id().compareTo(b.id());
        if (c < 0) {
          removed.add(a);
          i++;
        } else if (c > 0) {
          added.add(b);
          j++;
        } else {
          if (!a.equals(b)) {
            changed.add(new Change(a, b));
          }
          i++;
          j++;
        }
      }
    }
    return new Diff(added, removed, changed);
  }

  /** The changes whose label differs. */
  public List<Change> labelChanges() {
    return changed.stream().filter(Change::labelChanged).toList();
  }

  /** Whether the versions have the same records. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /**
   * Applies this diff to records sorted by id: the result is sorted by id. Applying {@code between(a, b)} to
   * {@code a} gives {@code b}.
   */
  public List<Record> applyTo(List<Record> sorted) {
    java.util.TreeMap<String, Record> m = new java.util.TreeMap<>();
    for (Record r : sorted) {
      m.put(r.id(), r);
    }
    removed.forEach(r -> m.remove(r.id()));
    added.forEach(r -> m.put(r.id(), r));
    changed.forEach(c -> m.put(c.id(), c.after()));
    return new ArrayList<>(m.values());
  }

  @Override
  public String toString() {
    return "Diff{+" + added.size() + " -" + removed.size() + " ~" + changed.size() + " (labels "
        + labelChanges().size() + ")}";
  }

}
