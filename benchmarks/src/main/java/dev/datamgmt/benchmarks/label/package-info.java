/** Label store benchmarks (issue 19): annotation import and the disagreement query on SQLite and PostgreSQL. */
package dev.datamgmt.benchmarks.label;
