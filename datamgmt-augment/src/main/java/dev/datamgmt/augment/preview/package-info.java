/**
 * {@link dev.datamgmt.augment.preview.Preview}: a PNG grid of augmented variants of one sample, with boxes,
 * keypoints and mask outlines drawn, for people who would rather look than read.
 */
package dev.datamgmt.augment.preview;
