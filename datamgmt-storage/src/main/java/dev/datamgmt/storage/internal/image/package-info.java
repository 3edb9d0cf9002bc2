/**
 * Not API; may change without notice. {@link dev.datamgmt.storage.internal.image.ImageDecoder} decodes PNG,
 * JPEG and raw pixel blobs into fixed-size 8-bit pixel arrays for the DJL adapters in
 * {@code dev.datamgmt.storage.djl} (whose {@code ImageTensors} is the API for it).
 */
package dev.datamgmt.storage.internal.image;
