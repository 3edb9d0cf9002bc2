/**
 * Reproducible augmentation pipelines: the {@link dev.datamgmt.augment.Pipeline} (operations with a
 * probability each, composed with {@link dev.datamgmt.augment.Compose}), per-sample parameters derived from
 * (pipeline seed, epoch, sample index) alone, and {@link dev.datamgmt.augment.AugmentParams} that record
 * and replay what a call sampled.
 *
 * <p>The operations live with their data: {@code augment.image}, {@code augment.audio},
 * {@code augment.text}, {@code augment.table}. They are executed by a backend: {@code augment.cpu}
 * (pure Java, multi-threaded across samples) or {@code augment.device} (DJL NDArrays, a whole batch at
 * once).
 */
package dev.datamgmt.augment;
