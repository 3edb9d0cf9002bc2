/**
 * The one rule for randomness: every random draw of datamgmt (an augmentation's parameters, a sampler's
 * order, the reader's shuffle, a synthetic item) comes from a stream derived by {@link
 * dev.datamgmt.core.seed.Seeds} from (seed, epoch, index) or (seed, index). The derivation is a pure function
 * of its arguments, so a result never depends on batch size, thread count, worker count or which backend ran
 * it, and FORMAT.md ("Randomness") spells out the arithmetic so that a Python program reproduces it.
 */
package dev.datamgmt.core.seed;
