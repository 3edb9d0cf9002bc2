package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the class labels of files come from, for {@link DirectoryIngest} and the importers alike
 * ({@link dev.datamgmt.storage.formats.imagefolder.ImageFolder}): ImageFolder folder names, a label table file,
 * none, or the user's own function of the file's path.
 *
 * <pre>{@code
 * DirectoryIngest.builder().setRoot(root).optLabelRule(LabelRule.table(Path.of("labels.csv")));
 * // the user's own rule: "cat_001.jpg" is a cat
 * LabelRule byPrefix = LabelRule.of("prefix", (path, file) -> path.substring(path.lastIndexOf('/') + 1).split("_")[0]);
 * }</pre>
 *
 * <p>A rule is bound to one run ({@link #bind}), which may read what it needs (a table) once. The bound
 * {@link Labeler} gives each file its class name; a file it cannot label is a bad file (the ingest's
 * {@link DirectoryIngest.OnBadFile} policy decides; an importer fails naming it). Class indices are assigned by the
 * caller from the names (sorted; an ingest keeps the indices of its base version).
 */
public interface LabelRule {
  /**
   * Binds the rule to one run over {@code root}, reading what it needs.
   *
   * @throws DataException if that cannot be read (a missing or malformed label table)
   */
  Labeler bind(Path root) throws DataException;

  /**
   * What the rule is, for the commit lineage ({@code ingest.labels}) and messages: {@code image_folder},
   * {@code none}, {@code table:<file>}, or the user's description. Two runs with equal descriptions and
   * {@link #labelsByPathAlone()} label the same path the same way.
   */
  String description();

  /** Whether the rule labels at all; {@link #none()} does not (records unlabeled, the schema left as it was). */
  default boolean labels() {
    return true;
  }

  /**
   * Whether a file's label is a function of its relative path alone, the same in every run with this
   * {@link #description()} (folder names: yes; a table, whose rows can change: no). Only then may a re-ingest
   * commit just the changed files and keep the base version's other records as they are. A rule of the
   * user's is assumed not to be.
   */
  default boolean labelsByPathAlone() {
    return false;
  }

  /** A rule bound to one run: gives each file its class name. */
  @FunctionalInterface
  interface Labeler {
    /**
     * The class name of one file.
     *
     * @param relativePath the file's path relative to the root, {@code /}-separated, Unicode NFC (the record id)
     * @param file the file itself
     * @return the class name, non-empty; null if the rule has none for this file (a bad file)
     * @throws InvalidDataException if the file cannot be labeled, naming what was expected and found
     */
    String classOf(String relativePath, Path file) throws InvalidDataException;

    /**
     * Paths the rule has labels for but the run did not find (a table's rows without a file), as bad files.
     *
     * @param found the relative paths the run found
     */
    default List<BadFile> unmatched(Set<String> found) {
      return List.of();
    }

    /**
     * The classes the rule knows before seeing the files, in any order (ImageFolder: every class folder, even
     * an empty one, so an importer's indices follow torchvision's); empty if only the files tell.
     */
    default List<String> knownClasses() {
      return List.of();
    }
  }

  /**
   * Labels from folder names: {@code root/<class>/.../<file>}; a file directly under the root is a bad file.
   * The default of {@link DirectoryIngest}.
   */
  static LabelRule imageFolder() {
    return ImageFolderRule.INSTANCE;
  }

  /**
   * Labels from a table file: CSV (UTF-8, a byte-order mark tolerated) or Parquet ({@code .parquet}) with the
   * columns {@code path} (relative to the root, {@code /}-separated) and {@code label} (the class name). A
   * file without a row, and a row without a file, are bad files.
   */
  static LabelRule table(Path file) {
    return new TableRule(Objects.requireNonNull(file, "file"));
  }

  /** No labels: records are unlabeled and an ingest leaves the schema as it was. */
  static LabelRule none() {
    return NoLabels.INSTANCE;
  }

  /**
   * The user's own rule: {@code labeler} gives each file its class name.
   *
   * @param description what the rule is, recorded in the commit lineage
   */
  static LabelRule of(String description, Labeler labeler) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(labeler, "labeler");
    if (description.isBlank()) {
      throw new IllegalArgumentException("a label rule's description must not be blank");
    }
    return new LabelRule() {
      @Override
      public Labeler bind(Path root) {
        return labeler;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
