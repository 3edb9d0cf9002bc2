/**
 * Imbalance-aware training on DJL: class weights shared by samplers and losses ({@link
 * dev.datamgmt.train.ClassWeights}), samplers, focal and class-balanced losses, metrics, a training loop that
 * records lineage, and fine-tuning from weights on disk.
 */
package dev.datamgmt.train;
