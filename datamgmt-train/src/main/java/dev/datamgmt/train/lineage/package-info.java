/**
 * The lineage a trained model carries ({@link dev.datamgmt.train.lineage.ModelLineage}): a
 * {@link dev.datamgmt.core.provenance.Provenance} with the dataset version, augmentation pipeline, sampler
 * and loss settings, seeds, code commit, metrics and versions, stored inside the DJL parameter file and as
 * {@code lineage.json} beside it.
 */
package dev.datamgmt.train.lineage;
