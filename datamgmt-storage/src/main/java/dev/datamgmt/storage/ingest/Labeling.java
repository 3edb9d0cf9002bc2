package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.schema.DatasetSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The label step of an ingest: applies a {@link LabelRule} to the scanned files (a file it cannot label is a
 * {@link BadFile}), and turns the class names into a CLASS schema whose indices stay stable across ingests.
 */
final class Labeling {
  private final LabelRule rule;
  private final LabelRule.Labeler labeler;
  private final Map<String, String> classOf = new HashMap<>();

  private Labeling(LabelRule rule, LabelRule.Labeler labeler) {
    this.rule = rule;
    this.labeler = labeler;
  }

  /** Binds the rule to the root (reading a label table, if it is one). */
  static Labeling bind(LabelRule rule, Path root) throws DataException {
    return new Labeling(rule, rule.bind(root));
  }

  /** Labels every file; files without a label, and the rule's unmatched entries, go to {@code bad}. */
  void label(List<ScannedFile> files, List<BadFile> bad) {
    if (!rule.labels()) {
      return;
    }
    Set<String> found = new HashSet<>(files.size() * 2);
    for (ScannedFile f : files) {
      found.add(f.id());
      try {
        String name = labeler.classOf(f.id(), f.path());
        if (name == null || name.isEmpty()) {
          bad.add(new BadFile(f.id(), "no label: expected a class name from the label rule " + rule.description()
              + ", found none"));
        } else {
          classOf.put(f.id(), name);
        }
      } catch (InvalidDataException e) {
        bad.add(new BadFile(f.id(), e.problem() + ": expected " + e.expected() + ", found " + e.found()));
      }
    }
    bad.addAll(labeler.unmatched(found));
  }

  /** The class name given to a record id, or null (unlabeled). */
  String classOf(String id) {
    return classOf.get(id);
  }

  /**
   * The schema of the new version, or null if the rule does not label: the base's class names first (indices
   * stay stable across ingests), then the new ones in sorted order.
   */
  DatasetSchema schema(List<HashedFile> stored, DatasetSchema baseSchema) {
    if (!rule.labels()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    if (baseSchema != null && baseSchema.labelKind() == LabelKind.CLASS) {
      names.addAll(baseSchema.classNames());
    }
    TreeSet<String> seen = new TreeSet<>();
    for (HashedFile h : stored) {
      seen.add(classOf.get(h.file().id()));
    }
    for (String n : seen) {
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    return DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames(names.toArray(String[]::new))
        .optLabelRequired(true).build();
  }
}
