/**
 * Label issues: {@link dev.datamgmt.label.issues.ConfidentLearning} ranks likely mislabeled records from
 * out-of-sample predicted probabilities (per-class thresholds, the confident joint, pruning by noise rate), as
 * cleanlab does. The probabilities come from any model trained by k-fold cross-validation (datamgmt-train can make
 * them); this package needs nothing from the model.
 */
package dev.datamgmt.label.issues;
