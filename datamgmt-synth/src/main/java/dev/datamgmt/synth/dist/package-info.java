/**
 * Distributions as data: {@link dev.datamgmt.synth.dist.Distribution} (constant, uniform, normal, truncated
 * normal, log-uniform) and {@link dev.datamgmt.synth.dist.WeightedChoice}. They are immutable records that
 * round-trip through JSON, so a generator's randomization is part of its recorded configuration, and every draw
 * takes the caller's per-sample stream ({@code Seeds.random(seed, index)}) and consumes a fixed number of values,
 * so one parameter's draw never shifts another's.
 */
package dev.datamgmt.synth.dist;
