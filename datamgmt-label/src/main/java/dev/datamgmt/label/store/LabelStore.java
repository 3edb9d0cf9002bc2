package dev.datamgmt.label.store;

import dev.datamgmt.core.error.DataException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A database of {@link Annotation}s: every label any annotator, model, labeling function or user gave any record,
 * kept forever (a new label for a record adds a row; nothing is updated in place). Open one with {@link
 * LabelStores}: SQLite (a file, the embedded default) or PostgreSQL (for teams). Both behave the same; one contract
 * test suite runs on both.
 *
 * <p>Writes are transactional: {@link #addAll} stores every annotation or none. The store is safe for many threads
 * at once. Results come back in time order (ties in insertion order) unless a method says otherwise.
 *
 * <p>Errors: {@link dev.datamgmt.core.error.StorageException} when the database fails or cannot be reached (the
 * write did not take effect), naming the database and the statement's purpose.
 */
public interface LabelStore extends AutoCloseable {

  /** Adds one annotation. */
  void add(Annotation annotation) throws DataException;

  /** Adds all annotations in one transaction: all are stored or, on an error, none. */
  void addAll(Collection<Annotation> annotations) throws DataException;

  /** The number of annotations stored. */
  long count() throws DataException;

  /** Every annotation of {@code recordId}. */
  List<Annotation> labelsOf(String recordId) throws DataException;

  /** Every annotation made on {@code datasetVersion}. */
  List<Annotation> labelsOn(String datasetVersion) throws DataException;

  /** Every annotation by {@code annotator}: their history. */
  List<Annotation> history(String annotator) throws DataException;

  /** Every annotation whose time is strictly after {@code since}: what changed. */
  List<Annotation> changesSince(Instant since) throws DataException;

  /**
   * Annotations that give class {@code classIndex} (a {@link dev.datamgmt.core.label.ClassLabel}) with a confidence
   * strictly below {@code maxConfidence}: the uncertain ones worth a second look.
   */
  List<Annotation> classBelowConfidence(int classIndex, double maxConfidence) throws DataException;

  /**
   * The records whose annotators disagree, in record id order: among the annotations from {@code sources}, each
   * annotator's latest label of the record counts, and the record is listed if two annotators' labels differ.
   */
  List<String> disagreements(Set<LabelSource> sources) throws DataException;

  /** {@link #disagreements(Set)} over every source. */
  default List<String> disagreements() throws DataException {
    return disagreements(EnumSet.allOf(LabelSource.class));
  }

  /** The schema version of the database this store works on ({@link LabelStores#SCHEMA_VERSION} once opened). */
  int schemaVersion() throws DataException;

  /** Closes the connections. Idempotent. */
  @Override
  void close();
}
