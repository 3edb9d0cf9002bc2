/**
 * Images and the image operations: {@link dev.datamgmt.augment.image.Raster} (planar uint8 or float pixels; named
 * so it does not clash with DJL's {@code Image}), {@link dev.datamgmt.augment.image.ImageOps} (what to do, with
 * ranges), {@link dev.datamgmt.augment.image.Policies} (RandAugment, TrivialAugmentWide and AutoAugment with
 * torchvision's operation sets and bins), {@link dev.datamgmt.augment.image.BorderMode} (what warps read outside
 * the image) and {@link dev.datamgmt.augment.image.ImageSteps} (what was drawn, executed by a backend).
 */
package dev.datamgmt.augment.image;
