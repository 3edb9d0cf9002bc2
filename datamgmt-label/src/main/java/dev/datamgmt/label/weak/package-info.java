/**
 * Weak supervision: {@link dev.datamgmt.label.weak.LabelingFunction}s (any Java function that votes a class or
 * abstains) applied to items give a label matrix; {@link dev.datamgmt.label.weak.WeakSupervision#summarize}
 * reports coverage, overlaps, conflicts and empirical accuracy per function; a {@link
 * dev.datamgmt.label.weak.LabelModel} estimates the functions' accuracies without ground truth and outputs
 * probabilistic labels, which can go into the label store as {@code LABELING_FUNCTION} annotations.
 */
package dev.datamgmt.label.weak;
