/**
 * Not API; may change without notice. The one configured Jackson mapper every datamgmt module uses for the JSON
 * of FORMAT.md (sorted keys, so equal values give equal bytes), public only because every module needs it.
 * Users serialize datamgmt types with their own mapper, or read the JSON as FORMAT.md describes.
 */
package dev.datamgmt.core.internal.json;
