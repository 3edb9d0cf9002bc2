/**
 * Internals of datamgmt-spark: the executor-side task functions and the unwrapping of task failures into the
 * typed errors of datamgmt-core. Not API.
 */
package dev.datamgmt.spark.internal;
