/**
 * Random shapes (circle, ellipse, rectangle, triangle, hexagon, star) with boxes and instance masks for detection
 * and segmentation: {@link dev.datamgmt.synth.shapes.ShapesConfig}. Masks are rasterized without antialiasing so a
 * mask is exactly the pixels where its shape is the topmost one (occlusion handled), and a box is exactly the
 * bounds of its visible mask.
 */
package dev.datamgmt.synth.shapes;
