/**
 * Not API: the displacement field of a grid distortion ({@link dev.datamgmt.augment.internal.geometry.GridMap}),
 * shared by the target mover, the CPU kernels and the device backend. No module exports this package.
 */
package dev.datamgmt.augment.internal.geometry;
