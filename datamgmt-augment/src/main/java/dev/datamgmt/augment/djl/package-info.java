/**
 * DJL integration: {@link dev.datamgmt.augment.djl.AugmentedDataset} puts a pipeline in a DJL dataset chain
 * (per record, keyed by the record index and the current epoch), and {@link
 * dev.datamgmt.augment.djl.BatchAugmentation} applies it to a whole {@link ai.djl.training.dataset.Batch} on
 * the device after batching, using the batch's record indices. DJL's {@code Transform} sees one array with no
 * index, which cannot give reproducible per-sample parameters; these adapters carry the index instead.
 */
package dev.datamgmt.augment.djl;
