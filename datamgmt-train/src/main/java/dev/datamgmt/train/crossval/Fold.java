package dev.datamgmt.train.crossval;

/**
 * One fold of a {@link CrossValidation}: the model of fold {@code index} trains on {@code trainIndices} and predicts
 * {@code heldOutIndices}. Indices are record numbers of the whole data; row {@code r} of the fold's training data is
 * record {@code trainIndices[r]} (so a {@code BatchTransform}'s sample index {@code r} maps back through it).
 *
 * @param index the fold, 0-based
 * @param trainIndices the records it trains on, ascending
 * @param trainLabels their labels, in the same order (for a sampler built on them, e.g. class-balanced)
 * @param heldOutIndices the records it predicts, ascending
 */
public record Fold(int index, long[] trainIndices, int[] trainLabels, long[] heldOutIndices) {}
