/**
 * A trained model's outputs over the records of a dataset version: {@link dev.datamgmt.train.predict.Predictions}
 * holds the record ids, logits and given labels in reader order, and turns them into what the label module and the
 * metrics need (probabilities by record id for active learning, confidences and correctness for a precision
 * threshold, a confusion matrix), optionally after a post-hoc logit adjustment.
 */
package dev.datamgmt.train.predict;
