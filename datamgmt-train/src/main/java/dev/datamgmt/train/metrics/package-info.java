/**
 * Classification metrics DJL lacks: a confusion matrix with per-class precision, recall and F1, macro-F1 and
 * balanced accuracy ({@link dev.datamgmt.train.metrics.ConfusionMatrix}), and score-threshold metrics for
 * one class ({@link dev.datamgmt.train.metrics.ThresholdMetrics}): precision at a chosen recall and the
 * threshold that reaches a target precision.
 */
package dev.datamgmt.train.metrics;
