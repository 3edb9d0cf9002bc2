/**
 * Label tables: one row per image (or per tabular record) in a CSV file or a Parquet file, with a file/id
 * column, an optional label column, an optional split column and any number of attribute columns whose types
 * are inferred from the values.
 */
package dev.datamgmt.storage.formats.csv;
