/**
 * Synthetic OCR text lines rendered with Java2D: {@link dev.datamgmt.synth.ocr.OcrLinesConfig}. Skew is applied
 * by rotating the rendered line (one rasterization per line, not one per angle), and the same affine transform is
 * applied to each glyph's outline, so per-character and per-word boxes stay exact through skew and scaling
 * without re-detecting ink. Blur and noise do not move geometry; boxes are of the glyph outlines.
 */
package dev.datamgmt.synth.ocr;
