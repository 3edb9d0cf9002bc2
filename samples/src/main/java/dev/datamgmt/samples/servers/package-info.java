/**
 * {@link dev.datamgmt.samples.servers.EmbeddedToServers}: one piece of application code run on the embedded defaults
 * (a folder, SQLite) and on servers (S3 with refs in PostgreSQL, a PostgreSQL label store).
 */
package dev.datamgmt.samples.servers;
