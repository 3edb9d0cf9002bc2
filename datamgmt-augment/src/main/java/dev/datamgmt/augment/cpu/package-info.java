/**
 * The pure-Java CPU backend: {@link dev.datamgmt.augment.cpu.CpuAugmenter} runs a pipeline on uint8 or
 * float pixel buffers, one sample per task, across a fixed pool of threads. Its reference kernels live in {@code dev.datamgmt.augment.internal.cpu} (not API; the device backend falls
 * back to some of them, e.g. JPEG).
 */
package dev.datamgmt.augment.cpu;
