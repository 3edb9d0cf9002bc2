/**
 * Level-2 lineage: a derived artifact (a model, a shard set, an export) records the dataset version it came
 * from and the code commit that made it. {@link dev.datamgmt.storage.lineage.Lineage} builds that
 * {@link dev.datamgmt.core.provenance.Provenance} and traces it back to the version;
 * {@link dev.datamgmt.storage.lineage.GitCommit} finds the caller's current git commit.
 */
package dev.datamgmt.storage.lineage;
