/**
 * The checked exception family for recoverable data and storage problems. Every message states what was
 * expected, what was found, and where (key, path, record id); the parts are also available as fields so
 * callers can react without parsing text. Misuse of an API (a null argument, a builder missing a required
 * setting) is reported with {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
package dev.datamgmt.core.error;
