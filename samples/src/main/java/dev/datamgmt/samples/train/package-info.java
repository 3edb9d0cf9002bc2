/**
 * {@link dev.datamgmt.samples.train.LongTailTraining}: the SDK's training loop on a long-tailed version read from its
 * shards (class-balanced batches, focal loss, augmentation, an EMA of the weights) and the model's lineage.
 */
package dev.datamgmt.samples.train;
