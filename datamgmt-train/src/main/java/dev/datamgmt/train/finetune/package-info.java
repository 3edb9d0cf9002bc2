/**
 * Fine-tuning from weights on disk ({@link dev.datamgmt.train.finetune.FineTuning}): load a saved DJL model or
 * a TorchScript file, freeze and unfreeze blocks, replace or add a classification head, and name the base
 * weights (by content hash) in the new model's lineage. Nothing is downloaded.
 */
package dev.datamgmt.train.finetune;
