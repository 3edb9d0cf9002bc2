package dev.datamgmt.core.label;

/** The kinds of {@link Label}; a dataset's schema declares one. */
public enum LabelKind {
  /** One class per record: {@link ClassLabel}. */
  CLASS,
  /** Any number of classes per record: {@link MultiLabel}. */
  MULTI_LABEL,
  /** Bounding boxes, each with a class: {@link BoxesLabel}. */
  BOXES,
  /** Points with visibility: {@link KeypointsLabel}. */
  KEYPOINTS,
  /** A segmentation mask stored as its own blob: {@link MaskLabel}. */
  MASK,
  /** Free text, e.g. a transcription: {@link TextLabel}. */
  TEXT
}
