/**
 * DJL adapters over a {@link dev.datamgmt.storage.reader.DatasetReader}: a
 * {@link ai.djl.training.dataset.RandomAccessDataset} that takes any DJL {@link ai.djl.training.dataset.Sampler}
 * (the train module's samplers implement it), and a streaming {@link ai.djl.training.dataset.Dataset} that
 * decodes whole batches on a thread pool, applies a {@link dev.datamgmt.storage.djl.BatchTransform} (the augment
 * module's device pipeline) per batch, and can resume mid-epoch. Images become NDArrays in a chosen layout and
 * type; labels become class indices or padded box tensors. Every batch owns a sub-manager that
 * {@link ai.djl.training.dataset.Batch#close()} frees.
 */
package dev.datamgmt.storage.djl;
