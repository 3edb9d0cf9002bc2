/**
 * Targets that move with an image: boxes (pixel or normalized xyxy, converted from and to the detection
 * libraries' conventions by {@link dev.datamgmt.augment.geometry.BoxEncoding}, with a {@link
 * dev.datamgmt.augment.geometry.BoxPolicy} for boxes pushed outside and too small or thin), instance masks that
 * follow their boxes, keypoints with visibility and segmentation masks (always nearest-neighbour), bundled in an
 * {@link dev.datamgmt.augment.geometry.ImageSample}; and the transform math ({@link
 * dev.datamgmt.augment.geometry.Homography}) that both backends share (the grid-distortion field is in {@code
 * dev.datamgmt.augment.internal.geometry}, not API).
 */
package dev.datamgmt.augment.geometry;
