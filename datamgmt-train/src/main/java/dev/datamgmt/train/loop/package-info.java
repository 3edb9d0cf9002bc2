/**
 * A fluent DJL training loop for imbalanced data ({@link dev.datamgmt.train.loop.TrainingLoop}): epoch
 * samplers, per-batch device augmentation (datamgmt-augment's {@link dev.datamgmt.augment.djl.BatchTransform}), deferred
 * re-weighting, validation metrics, early stopping, checkpoints and resume, per-sample loss logging that
 * feeds hard-example sampling, listeners, a console progress bar, and the lineage of what was trained.
 */
package dev.datamgmt.train.loop;
