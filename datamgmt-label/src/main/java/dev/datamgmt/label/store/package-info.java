/**
 * The label store: every {@link dev.datamgmt.label.store.Annotation} (a label with its record, dataset version,
 * annotator, confidence, time, {@link dev.datamgmt.label.store.LabelSource source} and metadata) in a database,
 * with the queries a labeling team asks: all labels of a record, records whose annotators disagree, a class below
 * a confidence, an annotator's history, what changed since a time. The entry point is {@link
 * dev.datamgmt.label.store.LabelStores}; implementations are package-private.
 *
 * <p><b>SQLite or PostgreSQL.</b> SQLite (a file, no server; WAL mode, {@code synchronous=NORMAL}) is the
 * embedded default: one writer at a time, so the store holds a single connection and writers queue in the JVM,
 * which is what SQLite would do anyway and avoids SQLITE_BUSY. PostgreSQL is for teams: many processes, many
 * connections, the same tables and the same answers (one contract test suite runs on both, PostgreSQL on a real
 * server). Rows are only ever added: a corrected label is a new annotation, and queries that need "the" label of
 * an annotator take their latest.
 *
 * <p><b>Schema.</b> The tables are {@code dm_label_schema} (one row: the schema version) and {@code
 * dm_label_annotation}; labels and metadata are stored as the JSON of FORMAT.md, with the class index of a class
 * label in its own indexed column. Opening a store creates or migrates the schema in one transaction; a database
 * at a newer version than the library is refused.
 *
 * <p><b>Writes.</b> {@code addAll} is one transaction: on SQLite one prepared INSERT batched 2,000 rows per {@code executeBatch}; on
 * PostgreSQL {@code COPY ... FROM STDIN} (text format) from 64 rows on, batched INSERTs below that.
 */
package dev.datamgmt.label.store;
