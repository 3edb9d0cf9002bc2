/**
 * Typed labels: one class, several classes, boxes with classes, keypoints, a mask stored as a blob, or text.
 * All are immutable records, validated on construction, with a stable JSON form (see {@link Label}).
 * Class indices refer to the class names of the dataset's {@link dev.datamgmt.core.schema.DatasetSchema}.
 */
package dev.datamgmt.core.label;
