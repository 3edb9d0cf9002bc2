/** JSON Lines logs read schema-on-read: one JSON object per line, fields typed by what the lines contain. */
package dev.datamgmt.storage.formats.jsonl;
