/**
 * The repository test suite ({@code RepositoryContract} from the core test jar) on real adapters — a local
 * folder and an S3-compatible server on loopback — plus kill -9 crash tests of commits in a child JVM.
 */
package dev.datamgmt.storage.repo;
