/**
 * {@link dev.datamgmt.samples.djl.PlainDjlTraining}: the augmentation pipeline dropped into a plain DJL training loop
 * through the one per-batch hook, {@code BatchTransform}; nothing else of datamgmt is used.
 */
package dev.datamgmt.samples.djl;
