/**
 * Not API; may change without notice. CSV (RFC 4180) through Jackson's CSV module, with the line each row starts on
 * and a tolerated byte-order mark, for the table reader in {@code storage.internal.table}.
 */
package dev.datamgmt.storage.internal.csv;
