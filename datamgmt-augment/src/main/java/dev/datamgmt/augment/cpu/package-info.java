/**
 * The pure-Java CPU backend: {@link dev.datamgmt.augment.cpu.CpuAugmenter} runs a pipeline on uint8 or
 * float pixel buffers, one sample per task, across a fixed pool of threads; {@link
 * dev.datamgmt.augment.cpu.CpuKernels} holds the reference kernels (the device backend falls back to some of
 * them, e.g. JPEG).
 */
package dev.datamgmt.augment.cpu;
