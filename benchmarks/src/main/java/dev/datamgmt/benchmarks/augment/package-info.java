/**
 * The augmentation benchmark: the standard image pipeline on our CPU backend (1 and 2 threads) and device
 * backend (on the CPU), side by side with torchvision (1 and 2 threads) and the Albumentations-style OpenCV way
 * (one thread), printing images per second and the ratios.
 */
package dev.datamgmt.benchmarks.augment;
