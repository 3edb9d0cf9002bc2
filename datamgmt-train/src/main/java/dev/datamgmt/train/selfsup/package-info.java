/**
 * Self-supervised batches: {@link dev.datamgmt.train.selfsup.ViewBatches} turns a batch into V augmented views of
 * each sample from one augmentation pipeline, each view with its own seed, for contrastive objectives such as
 * SimCLR's NT-Xent ({@link dev.datamgmt.train.loss.NtXentLoss}).
 */
package dev.datamgmt.train.selfsup;
