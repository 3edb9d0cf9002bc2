/**
 * The device backend: {@link dev.datamgmt.augment.device.DeviceAugmenter} runs an image pipeline on a whole
 * DJL batch {@code (N, C, H, W)} at once, with per-sample parameters, on whatever device the batch's NDManager
 * uses (GPU when the engine has CUDA). Warps are built from gathers with bilinear weights (DJL has no
 * grid_sample). Intermediate arrays live in a sub-manager that is closed before returning.
 */
package dev.datamgmt.augment.device;
