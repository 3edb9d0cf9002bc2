/** Content hashes: the names of everything immutable in a repository. */
package dev.datamgmt.core.hash;
