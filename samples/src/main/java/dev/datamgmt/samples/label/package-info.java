/**
 * {@link dev.datamgmt.samples.label.LabelStudioRoundTrip}: Label Studio tasks with a model's predictions out,
 * the annotators' export back into the label store, label QA, and the decided labels as a new version.
 */
package dev.datamgmt.samples.label;
