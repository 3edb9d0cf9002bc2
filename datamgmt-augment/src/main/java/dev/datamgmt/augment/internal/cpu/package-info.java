/**
 * Not API: the CPU reference kernels (warps, colour, noise, blur, JPEG, erase, normalize, mixes) shared by the CPU
 * backend and, as fall-backs, by the device backend; the 8-bit kernels of lattice plans ({@code ByteKernels}) and of
 * the auto-augment policies on uint8 images ({@code ByteOps}: OpenCV's fixed-point bilinear warp, torchvision's uint8
 * ops, 256-entry tables). The 8-bit HSV shift has an optional second kernel on the JDK's incubating Vector API
 * ({@code HsvShiftVector}, compiled from {@code src/main/java-vector}), loaded only when the JVM has the module; see
 * {@link dev.datamgmt.augment.internal.cpu.HsvVectorKernels}. Public only because two packages of this module use
 * them; no module exports this package and it may change in any release.
 */
package dev.datamgmt.augment.internal.cpu;
