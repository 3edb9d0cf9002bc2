/**
 * Label tables: one row per image (or per tabular record) in a CSV file (UTF-8, a byte-order mark tolerated)
 * or a Parquet file, with a file/id column, an optional label column, an optional split column and any number
 * of attribute columns whose types are inferred from the values. The file is read by the same reader as the
 * ingest's {@link dev.datamgmt.storage.ingest.LabelRule#table label-table rule}: the same malformed row fails
 * with the same exception through both.
 */
package dev.datamgmt.storage.formats.csv;
