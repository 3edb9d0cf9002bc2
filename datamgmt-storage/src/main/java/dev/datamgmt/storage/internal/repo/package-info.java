/**
 * Not API; may change without notice. The key layout of a repository in its store (FORMAT.md "Layout"), public
 * only so that other datamgmt packages, tests and benchmarks name the same keys as the versioning engine in
 * {@code dev.datamgmt.storage.repo}. Users read a repository through {@code Repository}, or from FORMAT.md.
 */
package dev.datamgmt.storage.internal.repo;
