package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.hash.ContentHash;

/**
 * A file whose content hash is known and whose bytes are stored.
 *
 * @param fromCache the hash came from the stat cache, the file was not read
 * @param cacheable the file did not change while it was read, so the stat cache may vouch for it next time
 */
record HashedFile(ScannedFile file, ContentHash hash, long size, boolean fromCache, boolean cacheable) {}
