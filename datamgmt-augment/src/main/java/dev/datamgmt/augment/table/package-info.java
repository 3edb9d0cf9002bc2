/**
 * Tabular augmentation on rows of values: feature masking (simulated missing values), Gaussian noise on
 * numeric columns and swap noise across the rows of a batch, run by {@link
 * dev.datamgmt.augment.table.TableAugmenter}.
 */
package dev.datamgmt.augment.table;
