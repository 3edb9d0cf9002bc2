/**
 * Seeded, per-epoch deterministic samplers that plug into DJL's {@link ai.djl.training.dataset.Sampler}:
 * weighted (alias method), class-balanced, stratified batches, a distributed wrapper, deferred re-sampling
 * (one sampler, then another from a given epoch), hard-example
 * re-weighting from the previous epoch's losses, and SMOTE-style oversampling of feature vectors. Start at
 * {@link dev.datamgmt.train.sampler.Samplers}.
 */
package dev.datamgmt.train.sampler;
