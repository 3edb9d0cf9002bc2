/**
 * Importers and exporters for the dataset formats people already have: IDX (the MNIST family), ImageFolder
 * directories, CSV label tables, COCO detection JSON and JSON Lines logs. Each produces core
 * {@link dev.datamgmt.core.record.Record}s together with their blob bytes, and each reports malformed input as a
 * {@link dev.datamgmt.core.error.DataException} naming the file and what it expected.
 */
package dev.datamgmt.storage.formats;
