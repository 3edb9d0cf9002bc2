/**
 * Losses for imbalanced data as DJL {@link ai.djl.training.loss.Loss} subclasses: sigmoid focal loss with
 * torchvision's semantics, softmax focal loss with a per-class alpha, cross-entropy with per-class weights,
 * label smoothing and logit adjustment (balanced softmax), all numerically stable at extreme logits and
 * checked value-and-gradient against PyTorch. Start at {@link dev.datamgmt.train.loss.Losses}.
 */
package dev.datamgmt.train.loss;
