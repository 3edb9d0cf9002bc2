/**
 * Not API: turns drawn image steps into the plan a backend executes (warp fusion), shared by the CPU and device
 * backends; the Beta and Gamma samplers of the image and table mixes. No module exports this package.
 */
package dev.datamgmt.augment.internal.image;
