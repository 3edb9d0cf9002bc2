/**
 * Internal: how a JSON Lines object becomes a record (flattened keys, attribute types inferred and widened, id,
 * split and attribute values), shared by storage's {@code JsonLines} importer and datamgmt-spark's logs path so the
 * two read the same line the same way. Not API.
 */
package dev.datamgmt.storage.internal.jsonl;
