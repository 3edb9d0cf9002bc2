/**
 * Preview grids: {@link dev.datamgmt.synth.preview.PreviewGrid} draws a generator's samples with their labels into
 * one PNG, for any generator that uses the core label types and the blob names of the built-in generators
 * ({@code instances}, {@code boxes}).
 */
package dev.datamgmt.synth.preview;
