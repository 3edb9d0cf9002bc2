/**
 * The flywheel's step from labels to data: {@link dev.datamgmt.label.feedback.FeedbackCommit} turns the label
 * store's annotations (people, users' feedback; by a consensus rule) into a new dataset version whose provenance
 * and lineage say which labels came from whom.
 */
package dev.datamgmt.label.feedback;
