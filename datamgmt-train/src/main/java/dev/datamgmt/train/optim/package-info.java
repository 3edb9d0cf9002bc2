/**
 * Optimizers whose state a checkpoint can hold: {@link dev.datamgmt.train.optim.ResumableAdam}, DJL's Adam update
 * with moments that are saved with the weights, so a resumed run continues exactly.
 */
package dev.datamgmt.train.optim;
