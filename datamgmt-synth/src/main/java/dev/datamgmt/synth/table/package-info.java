/**
 * Synthetic tables: rows from declared column distributions ({@link dev.datamgmt.synth.table.TableConfig}) or from
 * a Gaussian copula fitted on a real table ({@link dev.datamgmt.synth.table.CopulaConfig}), with the checks that
 * say whether a synthetic table is worth using: {@link dev.datamgmt.synth.table.Fidelity} (per-column KS / TVD,
 * correlation difference) and {@link dev.datamgmt.synth.table.Utility} (train on synthetic, test on real, against
 * train on real). A row lands in a version as a record with no blob whose attributes are its columns.
 *
 * <p>Why a copula: it keeps every marginal exactly (the empirical quantiles) and the pairwise rank dependence,
 * needs no training loop, and its fitted state is a small JSON value that provenance can hold whole. It does not
 * keep non-monotone or higher-order dependence; the utility check is there to show when that matters.
 */
package dev.datamgmt.synth.table;
