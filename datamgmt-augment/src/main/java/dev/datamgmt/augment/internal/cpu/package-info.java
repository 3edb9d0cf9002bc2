/**
 * Not API: the CPU reference kernels (warps, colour, noise, blur, JPEG, erase, normalize, mixes) shared by the CPU
 * backend and, as fall-backs, by the device backend. Public only because two packages of this module use them;
 * no module exports this package and it may change in any release.
 */
package dev.datamgmt.augment.internal.cpu;
