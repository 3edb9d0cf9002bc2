/** Not API; may change without notice. CSV (RFC 4180) parsing shared by the readers of label tables. */
package dev.datamgmt.storage.internal.csv;
