/**
 * Tabular augmentation on rows of values: feature masking (simulated missing values), Gaussian noise on
 * numeric columns, swap noise across the rows of a batch, per-column scaled noise that keeps integer columns integer,
 * categorical perturbation and tabular mixup, run by {@link dev.datamgmt.augment.table.TableAugmenter}. Scaled noise
 * and categorical perturbation read column statistics computed once from the dataset ({@link
 * dev.datamgmt.augment.table.TableStats}), so a row's result does not depend on its batch.
 */
package dev.datamgmt.augment.table;
