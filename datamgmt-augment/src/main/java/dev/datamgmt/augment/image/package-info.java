/**
 * Images and the image operations: {@link dev.datamgmt.augment.image.Raster} (planar uint8 or float pixels),
 * {@link dev.datamgmt.augment.image.ImageOps} (what to do, with ranges) and
 * {@link dev.datamgmt.augment.image.ImageSteps} (what was drawn, executed by a backend).
 */
package dev.datamgmt.augment.image;
