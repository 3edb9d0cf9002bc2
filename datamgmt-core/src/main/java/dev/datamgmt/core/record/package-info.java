/**
 * A dataset's rows: {@link Record}s with a stable id, references to content-addressed blobs, a typed label,
 * attributes and a split.
 */
package dev.datamgmt.core.record;
