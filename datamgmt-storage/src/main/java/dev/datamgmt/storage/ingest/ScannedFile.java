package dev.datamgmt.storage.ingest;

import java.nio.file.Path;

/** A regular file a walk found: its record id (relative path, NFC), where it is, and its size and mtime. */
record ScannedFile(String id, Path path, long size, long mtimeNanos) {}
