/**
 * Metadata from a database: records (ids, attributes, labels, blob URIs) from a SQL query on any JDBC source into
 * a new dataset version, with the blobs fetched from the stores their URIs name ({@link
 * dev.datamgmt.label.sql.SqlImport}).
 */
package dev.datamgmt.label.sql;
