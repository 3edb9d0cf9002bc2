/**
 * Synthetic-data samples: {@link dev.datamgmt.samples.synth.OcrLines} commits generated OCR lines (text labels,
 * exact character and word boxes) as a version with a preview grid; {@link dev.datamgmt.samples.synth.SurfaceDefects}
 * is a generator written by a user against the {@code Generator} SPI, committed with provenance and rebuilt from it.
 */
package dev.datamgmt.samples.synth;
