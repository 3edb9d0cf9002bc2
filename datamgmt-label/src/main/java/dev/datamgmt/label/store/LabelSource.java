package dev.datamgmt.label.store;

/** Where an {@link Annotation} came from. */
public enum LabelSource {
  /** A person labeling on purpose (an annotator, e.g. in Label Studio). */
  HUMAN,
  /** A model's prediction. */
  MODEL,
  /** A labeling function (weak supervision). */
  LABELING_FUNCTION,
  /** A user of the product answering a question or correcting a result (the flywheel's feedback). */
  USER_FEEDBACK
}
