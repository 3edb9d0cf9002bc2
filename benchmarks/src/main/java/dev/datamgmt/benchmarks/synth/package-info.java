/** Synthetic-data benchmarks: OCR lines against a trdg-style Pillow peer, and generate-and-commit overhead. */
package dev.datamgmt.benchmarks.synth;
