/**
 * Out-of-sample predictions by k-fold training ({@link dev.datamgmt.train.crossval.CrossValidation}): every record's
 * class probabilities come from the one model that did not train on it, with folds stratified by class and seeded
 * ({@link dev.datamgmt.train.crossval.StratifiedFolds}). Label-issue finders (confident learning) need exactly this:
 * probabilities from a model that saw the record would agree with its label, right or wrong.
 */
package dev.datamgmt.train.crossval;
