package dev.datamgmt.synth.ocr;

import java.util.SplittableRandom;

/**
 * A caller's text for OCR line {@code index}, drawn from the line's own stream (so it stays reproducible): a
 * corpus reader, a template for dates and prices, a language model. Must be thread-safe and stateless between
 * calls.
 */
@FunctionalInterface
public interface TextSource {
  /** The text of line {@code index}; every character must be one the fonts can display. */
  String text(long index, SplittableRandom random);
}
