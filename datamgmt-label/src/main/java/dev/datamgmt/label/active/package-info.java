/**
 * Active learning and the flywheel's questions: which records to label next ({@link
 * dev.datamgmt.label.active.ActiveLearning}: least confidence, margin, entropy, k-center greedy core-set) and which
 * decision threshold reaches a target precision ({@link dev.datamgmt.label.active.Thresholds}), so a product can
 * act on confident predictions and ask people about the rest.
 *
 * <p><b>Uncertainty or diversity.</b> Uncertainty picks what the current model finds hard, but a batch of 200 such
 * picks is often 200 near-copies of one confusing case; the core-set pick covers the embedding space instead. With
 * few labels (the first rounds) uncertainty usually wins at equal budget; a mix of the two is the usual compromise.
 * Selections are deterministic: a pure function of the input and the seed.
 */
package dev.datamgmt.label.active;
