/**
 * DJL adapters over a {@link dev.datamgmt.storage.reader.DatasetReader}: a
 * {@link ai.djl.training.dataset.RandomAccessDataset} that takes any DJL {@link ai.djl.training.dataset.Sampler}
 * (the train module's samplers implement it), and a streaming {@link ai.djl.training.dataset.Dataset} that
 * decodes whole batches on a thread pool and can resume mid-epoch. They deliver batches and nothing else: each
 * batch carries its samples' stable dataset indices ({@link ai.djl.training.dataset.Batch#getIndices()}), which
 * the one per-batch hook (datamgmt-augment's {@code BatchTransform}, applied by the training loop or in one line of
 * your own loop) needs. Images become NDArrays in a chosen layout and
 * type; labels become class indices or padded box tensors. Every batch owns a sub-manager that
 * {@link ai.djl.training.dataset.Batch#close()} frees.
 */
package dev.datamgmt.storage.djl;
