/**
 * A fluent DJL training loop for imbalanced data ({@link dev.datamgmt.train.loop.TrainingLoop}): epoch
 * samplers, per-batch device augmentation (datamgmt-augment's {@link dev.datamgmt.augment.djl.BatchTransform}), deferred
 * re-weighting, validation metrics, early stopping, checkpoints and resume, per-sample loss logging that
 * feeds hard-example sampling, listeners, a console progress bar, and the lineage of what was trained.
 *
 * <p>Guard rails: a checkpoint records the architecture signature, optimizer, sampler and epoch count, and a
 * resume that does not fit (or of a finished run) fails with {@link dev.datamgmt.train.loop.ResumeException} before
 * anything is loaded; training and validation batches are checked for shape, labels and finite values before the
 * engine sees them; a sampler given to the loop owns batching (one batch size); the lineage holds no timing, so
 * identical runs with a fixed clock have equal provenance; {@code optUnlabeled()} trains self-supervised objectives.
 */
package dev.datamgmt.train.loop;
