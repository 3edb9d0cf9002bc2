/**
 * Not API: turns drawn image steps into the plan a backend executes (warp fusion), shared by the CPU and device
 * backends. No module exports this package.
 */
package dev.datamgmt.augment.internal.image;
